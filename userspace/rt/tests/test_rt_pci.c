// SPDX-License-Identifier: GPL-2.0-only
/*
 * libmdgpu-rt's PCI transport against fake sysfs trees: directories named
 * like PCI functions with vendor/device/config files and regular files as
 * resource0 (registers) and resource2 (memory), which mmap just like the
 * real ones. Covers finding functions by ID and in address order, address
 * parsing, identity and size checks, memory decoding, register and memory
 * access through the mappings, the wait modes the transport offers, and
 * mdgpu_rt_dev__open()'s choice of transport.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "rt_internal.h"

#define MEM (1U << 20)

static char root[64];

static void put_file(const char *fn, const char *attr, const void *data,
		     size_t len, off_t size)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%s", root, fn, attr);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	if (len)
		assert_int_equal(write(fd, data, len), (ssize_t)len);
	if (size)
		assert_int_equal(ftruncate(fd, size), 0);
	close(fd);
}

static void put_text(const char *fn, const char *attr, const char *text)
{
	put_file(fn, attr, text, strlen(text), 0);
}

/* A function @fn with IDs @vendor:@device, memory decoding @mem_on. */
static void add_function(const char *fn, __u16 vendor, __u16 device,
			 bool mem_on, __u32 bar2)
{
	__u8 cfg[MDGPU_PCI_CFG_SIZE] = { 0 };
	__u32 regs[MDGPU_BAR0_SIZE / 4] = { 0 };
	char path[256], txt[16];

	snprintf(path, sizeof(path), "%s/%s", root, fn);
	assert_int_equal(mkdir(path, 0700), 0);
	memcpy(cfg, &vendor, 2);
	memcpy(cfg + 2, &device, 2);
	cfg[4] = mem_on ? 0x02 : 0x00;
	put_file(fn, "config", cfg, sizeof(cfg), 0);
	snprintf(txt, sizeof(txt), "0x%04x\n", vendor);
	put_text(fn, "vendor", txt);
	snprintf(txt, sizeof(txt), "0x%04x\n", device);
	put_text(fn, "device", txt);
	put_text(fn, "enable", "0\n");
	regs[MDGPU_REG_ID / 4] = MDGPU_DEV_MAGIC;
	regs[MDGPU_REG_VERSION / 4] = MDGPU_DEV_VERSION;
	regs[MDGPU_REG_CAPS / 4] = MDGPU_CAP_MSI | MDGPU_CAP_INTX |
				   MDGPU_CAP_FENCE_MEM | MDGPU_CAP_QOS;
	regs[MDGPU_REG_KERNELS / 4] = 0xfe;
	regs[MDGPU_REG_MEM_SIZE_LO / 4] = MEM;
	regs[MDGPU_REG_VISIBLE_SIZE_LO / 4] = MEM;
	regs[MDGPU_REG_COMPUTE_UNITS / 4] = 4;
	regs[MDGPU_REG_QOS_WEIGHT / 4] = 300;
	regs[MDGPU_REG_BUSY_NS_LO / 4] = 7;
	regs[MDGPU_REG_BUSY_NS_HI / 4] = 1;
	put_file(fn, "resource0", regs, sizeof(regs), 0);
	put_file(fn, "resource2", NULL, 0, bar2);
}

static int setup(void **state)
{
	snprintf(root, sizeof(root), "/tmp/test_rt_pci.XXXXXX");
	assert_non_null(mkdtemp(root));
	rt_pci_sysfs_dir = root;
	mdgpu_rt_set_print(NULL);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void read_file(const char *fn, const char *attr, off_t off, void *buf,
		      size_t len)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s/%s", root, fn, attr);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, len, off), (ssize_t)len);
	close(fd);
}

static void test_find(void **state)
{
	char bdf[16];

	assert_int_equal(mdgpu_rt_pci_find(0, bdf, sizeof(bdf)), -ENOENT);
	add_function("0000:00:05.0", 0x1234, 0x6d67, true, MEM);
	add_function("0000:00:02.0", 0x1234, 0x1111, true, MEM); /* QEMU VGA */
	add_function("0000:00:03.0", 0x1234, 0x6d67, true, MEM);
	add_function("0000:00:04.0", 0x8086, 0x6d67, true, MEM);
	assert_int_equal(mdgpu_rt_pci_find(0, bdf, sizeof(bdf)), 0);
	assert_string_equal(bdf, "0000:00:03.0");
	assert_int_equal(mdgpu_rt_pci_find(1, bdf, sizeof(bdf)), 0);
	assert_string_equal(bdf, "0000:00:05.0");
	assert_int_equal(mdgpu_rt_pci_find(2, bdf, sizeof(bdf)), -ENOENT);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(mdgpu_rt_pci_find(0, bdf, 12), -EINVAL);
	assert_int_equal(mdgpu_rt_pci_find(0, NULL, 16), -EINVAL);
	rt_pci_sysfs_dir = "/nonexistent/test_rt_pci";
	assert_int_equal(mdgpu_rt_pci_find(0, bdf, sizeof(bdf)), -ENOENT);
	rt_pci_sysfs_dir = root;
}

static void test_open_and_access(void **state)
{
	MDGPU_OPTS(mdgpu_rt_open_opts, o, .flags = MDGPU_RT_OPEN_NO_QUEUE);
	struct mdgpu_rt_stats st = { .sz = sizeof(st) };
	const struct mdgpu_rt_info *in;
	struct mdgpu_rt_dev *dev;
	__u32 v, scratch;
	__u8 pat[64], back[64];
	int i;

	add_function("0000:00:03.0", 0x1234, 0x6d67, true, MEM);
	dev = mdgpu_rt_dev__open_pci("00:03.0", &o);
	assert_non_null(dev);
	assert_string_equal(mdgpu_rt_dev__name(dev), "0000:00:03.0");
	assert_string_equal(mdgpu_rt_dev__transport(dev), "pci");
	in = mdgpu_rt_dev__info(dev);
	assert_int_equal(in->mem_size, MEM);
	assert_int_equal(in->visible_size, MEM);
	assert_int_equal(in->compute_units, 4);
	assert_int_equal(in->kernels, 0xfe);
	/* Open reset the queue: a store to the RESET register. */
	read_file("0000:00:03.0", "resource0", MDGPU_REG_RESET, &v, 4);
	assert_int_equal(v, MDGPU_RESET_QUEUE);
	/* Registers are the mapping of resource0. */
	assert_int_equal(
		mdgpu_rt_dev__reg_write(dev, MDGPU_REG_SCRATCH, 0xa5a5f00d), 0);
	read_file("0000:00:03.0", "resource0", MDGPU_REG_SCRATCH, &scratch, 4);
	assert_int_equal(scratch, 0xa5a5f00d);
	assert_int_equal(mdgpu_rt_dev__reg_read(dev, MDGPU_REG_QOS_WEIGHT, &v),
			 0);
	assert_int_equal(v, 300);
	/* 64-bit pairs are read LO then HI. */
	assert_int_equal(mdgpu_rt_dev__stats(dev, &st), 0);
	assert_int_equal(st.busy_ns, (1ULL << 32) | 7);
	/* Memory is the mapping of resource2. */
	for (i = 0; i < 64; i++)
		pat[i] = i * 7 + 1;
	assert_int_equal(mdgpu_rt_dev__mem_write(dev, MEM - 64, pat, 64), 0);
	read_file("0000:00:03.0", "resource2", MEM - 64, back, 64);
	assert_memory_equal(pat, back, 64);
	assert_int_equal(mdgpu_rt_dev__mem_write(dev, MEM - 63, pat, 64),
			 -ERANGE);
	/* No request channel, no VFIO; polling by default, INTx needs uio. */
	assert_int_equal(mdgpu_rt_dev__req_fd(dev), -EOPNOTSUPP);
	assert_int_equal(mdgpu_rt_dev__vfio_device_fd(dev), -EOPNOTSUPP);
	assert_int_equal(mdgpu_rt_dev__wait_mode(dev), MDGPU_RT_WAIT_POLL_MEM);
	assert_int_equal(mdgpu_rt_dev__set_wait_mode(dev, MDGPU_RT_WAIT_MSI),
			 -EOPNOTSUPP);
	assert_int_equal(mdgpu_rt_dev__set_wait_mode(dev, MDGPU_RT_WAIT_INTX),
			 -EOPNOTSUPP);
	assert_int_equal(
		mdgpu_rt_dev__set_wait_mode(dev, MDGPU_RT_WAIT_POLL_REG), 0);
	/* No reset file: the kernel has no reset method for it. */
	assert_int_equal(mdgpu_rt_dev__reset(dev, MDGPU_RT_RESET_FUNCTION),
			 -EOPNOTSUPP);
	mdgpu_rt_dev__close(dev);

	/* "pci", NULL and "pci:ADDR" go through this transport too. */
	dev = mdgpu_rt_dev__open("pci", &o);
	assert_non_null(dev);
	assert_string_equal(mdgpu_rt_dev__name(dev), "0000:00:03.0");
	mdgpu_rt_dev__close(dev);
	dev = mdgpu_rt_dev__open(NULL, &o);
	assert_non_null(dev);
	mdgpu_rt_dev__close(dev);
	dev = mdgpu_rt_dev__open("pci:0000:00:03.0", &o);
	assert_non_null(dev);
	assert_string_equal(mdgpu_rt_dev__transport(dev), "pci");
	mdgpu_rt_dev__close(dev);
}

static void test_open_refusals(void **state)
{
	MDGPU_OPTS(mdgpu_rt_open_opts, o, .flags = MDGPU_RT_OPEN_NO_QUEUE);
	static const char *const bad[] = {
		"0000:00:03",	"0000:00:03.8",	 "00:3.0",
		"0000/00:03.0", "../00:03.0.xx", "zzzz:00:03.0",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_null(mdgpu_rt_dev__open_pci(bad[i], &o));
		assert_int_equal(errno, EINVAL);
	}
	/* Nothing found, nothing at that address. */
	assert_null(mdgpu_rt_dev__open_pci(NULL, &o));
	assert_int_equal(errno, ENOENT);
	assert_null(mdgpu_rt_dev__open_pci("0000:00:09.0", &o));
	assert_int_equal(errno, ENOENT);
	/* Someone else's device. */
	add_function("0000:00:02.0", 0x1234, 0x1111, true, MEM);
	assert_null(mdgpu_rt_dev__open_pci("0000:00:02.0", &o));
	assert_int_equal(errno, ENODEV);
	/* BAR2 smaller than the window the registers promise. */
	add_function("0000:00:03.0", 0x1234, 0x6d67, true, MEM / 2);
	assert_null(mdgpu_rt_dev__open_pci("0000:00:03.0", &o));
	assert_int_equal(errno, EPROTO);
	/* Memory decoding off, and "enable" (a plain file here) changes nothing. */
	add_function("0000:00:04.0", 0x1234, 0x6d67, false, MEM);
	assert_null(mdgpu_rt_dev__open_pci("0000:00:04.0", &o));
	assert_int_equal(errno, EIO);
	/* Without NO_QUEUE the ring must start: a fake device never enables. */
	add_function("0000:00:05.0", 0x1234, 0x6d67, true, MEM);
	assert_null(mdgpu_rt_dev__open_pci("0000:00:05.0", NULL));
	assert_int_equal(errno, EIO);
	/* INTx without uio_pci_generic bound. */
	o.wait_mode = MDGPU_RT_WAIT_INTX;
	assert_null(mdgpu_rt_dev__open_pci("0000:00:05.0", &o));
	assert_int_equal(errno, EOPNOTSUPP);
	/* A UUID means VFIO; a malformed one is a bad PCI address. */
	assert_null(
		mdgpu_rt_dev__open("5b8e3a2c-0000-4000-8000-00000000000", &o));
	assert_int_equal(errno, EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_and_access, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_open_refusals, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("rt_pci", tests, NULL, NULL);
}
