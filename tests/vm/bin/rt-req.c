// SPDX-License-Identifier: GPL-2.0-only
/*
 * rt-req UUID: hold a vGPU open and busy until the host asks for it back.
 * Removing the mdev while we hold it fires the VFIO request eventfd; the
 * runtime's wait returns -ESHUTDOWN, we close, and the removal completes.
 * Prints "open", then "request" and "closed" (the test script reads them).
 */
#include <errno.h>
#include <stdlib.h>

#include "common.h"

/*
 * How long one 1 ms launch may take before we call the device hung: long,
 * because a KASAN kernel under TCG on a loaded host (the debug tier's
 * soak) stalls for seconds; a removal ends the wait at once anyway.
 */
#define WAIT_MS 20000

int main(int argc, char **argv)
{
	struct mdgpu_rt_dev *dev;
	double t0, end;
	__u64 fence;
	int ret = 0, rounds = 0;

	t_init("rt-req");
	if (argc < 2) {
		fprintf(stderr, "usage: rt-req UUID [SECONDS]\n");
		return 2;
	}
	dev = t_open(argv[1], MDGPU_RT_WAIT_MSI, 0, 0);
	T_REQUIRE(mdgpu_rt_dev__req_fd(dev) >= 0, "no request eventfd: %s",
		  t_err(-errno));
	printf("open\n");
	t0 = t_now();
	end = t0 + (argc > 2 ? atof(argv[2]) : 60);
	while (t_now() < end) {
		ret = mdgpu_rt_dev__launch_spin(dev, 1, 1000000, &fence);
		if (!ret)
			ret = mdgpu_rt_dev__wait(dev, fence, WAIT_MS);
		if (!ret && mdgpu_rt_dev__release_requested(dev))
			ret = -ESHUTDOWN;
		if (ret)
			break;
		rounds++;
	}
	T_CHECK(ret == -ESHUTDOWN,
		"after %d rounds: %s, expected a release request", rounds,
		t_err(ret));
	if (ret == -ESHUTDOWN)
		printf("request after %.1f s, %d rounds of work\n",
		       t_now() - t0, rounds);
	mdgpu_rt_dev__close(dev);
	printf("closed\n");
	return t_exit();
}
