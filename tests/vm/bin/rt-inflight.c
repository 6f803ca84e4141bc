// SPDX-License-Identifier: GPL-2.0-only
/*
 * The in-flight cap: a guest rings the doorbell over thousands of commands;
 * the device fetches at most MDGPU_MAX_INFLIGHT of them (HEAD stops there),
 * resumes on its own as they complete, and in the end runs every one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

int main(int argc, char **argv)
{
	struct mdgpu_cmd cmd = { .opcode = MDGPU_OP_LAUNCH };
	__u32 n = 3000, head = 0, c0 = 0, c1 = 0, i;
	struct mdgpu_rt_dev *dev;
	__u64 fence;
	int ret;

	t_init("rt-inflight");
	if (argc < 2) {
		fprintf(stderr, "usage: rt-inflight UUID\n");
		return 2;
	}
	dev = t_open(argv[1], MDGPU_RT_WAIT_POLL_REG, 4096, 0);
	cmd.launch.kernel = MDGPU_KERNEL_SPIN;
	cmd.launch.grid = 1;
	cmd.launch.spin.duration_ns = 200000;
	t_ok_rt(dev, mdgpu_rt_dev__reg_read(dev, MDGPU_REG_COMPLETED_LO, &c0),
		"completed");
	/* Queue everything first, then one doorbell for all of it. */
	for (i = 0; i < n; i++) {
		ret = mdgpu_rt_dev__submit(dev, &cmd, 1, MDGPU_RT_SUBMIT_NOKICK,
					   NULL);
		t_ok_rt(dev, ret, "submit");
	}
	t_ok_rt(dev, mdgpu_rt_dev__flush(dev), "doorbell");
	/* HEAD first, COMPLETED after: head - done bounds what is held. */
	t_ok_rt(dev, mdgpu_rt_dev__reg_read(dev, MDGPU_REG_QUEUE_HEAD, &head),
		"head");
	t_ok_rt(dev, mdgpu_rt_dev__reg_read(dev, MDGPU_REG_COMPLETED_LO, &c1),
		"completed");
	T_CHECK(head < n, "HEAD %u: fetched everything at once", head);
	T_CHECK(head - (c1 - c0) <= MDGPU_MAX_INFLIGHT + 2,
		"%u held, over the in-flight cap", head - (c1 - c0));
	printf("fetched %u of %u at the doorbell, %u completed\n", head, n,
	       c1 - c0);
	t_ok_rt(dev, mdgpu_rt_dev__fence(dev, &fence), "fence");
	t_ok_rt(dev, mdgpu_rt_dev__wait(dev, fence, 300000), "wait for all");
	t_ok_rt(dev, mdgpu_rt_dev__reg_read(dev, MDGPU_REG_COMPLETED_LO, &c1),
		"completed");
	T_CHECK(c1 - c0 >= n + 1, "only %u of %u commands completed", c1 - c0,
		n + 1);
	mdgpu_rt_dev__close(dev);
	return t_exit();
}
