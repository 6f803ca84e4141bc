// SPDX-License-Identifier: GPL-2.0-only
/*
 * rt-regs UUID: guest-hostile register and config-space access through the
 * VFIO device fd. Undefined BAR0 offsets, 1- and 2-byte and unaligned
 * accesses, read-only registers and read-only config bits must be ignored
 * (and read as the spec says); BAR sizing must follow the write masks; and
 * BAR2 through pread/pwrite must match the mmap view byte for byte.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "common.h"

static struct mdgpu_rt_dev *dev;
static int fd;
static __u64 bar0, bar2, cfg, bar2_size, memsz;

static const __u32 defined[] = {
	0x000, 0x004, 0x008, 0x00c, 0x010, 0x014, 0x018, 0x01c, 0x020,
	0x024, 0x040, 0x044, 0x048, 0x04c, 0x050, 0x054, 0x058, 0x05c,
	0x060, 0x064, 0x068, 0x070, 0x074, 0x078, 0x080, 0x084, 0x090,
	0x094, 0x098, 0x09c, 0x100, 0x104, 0x108, 0x10c, 0x110, 0x120,
	0x124, 0x128, 0x12c, 0x130, 0x134,
};

/* Registers whose value must not change while the vGPU is idle and we misbehave. */
static const __u32 stable[] = {
	MDGPU_REG_ID,
	MDGPU_REG_VERSION,
	MDGPU_REG_CAPS,
	MDGPU_REG_KERNELS,
	MDGPU_REG_MEM_SIZE_LO,
	MDGPU_REG_MEM_SIZE_HI,
	MDGPU_REG_VISIBLE_SIZE_LO,
	MDGPU_REG_VISIBLE_SIZE_HI,
	MDGPU_REG_COMPUTE_UNITS,
	MDGPU_REG_VGPU_MODE,
	MDGPU_REG_QUEUE_BASE_LO,
	MDGPU_REG_QUEUE_BASE_HI,
	MDGPU_REG_QUEUE_SIZE,
	MDGPU_REG_QUEUE_CTRL,
	MDGPU_REG_QUEUE_HEAD,
	MDGPU_REG_QUEUE_TAIL,
	MDGPU_REG_QUEUE_STATUS,
	MDGPU_REG_INT_STATUS,
	MDGPU_REG_INT_MASK,
	MDGPU_REG_ERROR_CODE,
	MDGPU_REG_ERROR_INDEX,
	MDGPU_REG_ERROR_DETAIL,
	MDGPU_REG_SCRATCH,
	MDGPU_REG_FENCE_LO,
	MDGPU_REG_QOS_WEIGHT,
	MDGPU_REG_QOS_SHARE_MIN,
	MDGPU_REG_QOS_SHARE_MAX,
	MDGPU_REG_QOS_PRIORITY,
	MDGPU_REG_QOS_TIMESLICE_US,
};
#define NSTABLE ARRAY_SIZE(stable)

static bool is_defined(__u32 off)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(defined); i++)
		if (defined[i] == off)
			return true;
	return false;
}

static __u64 rd(__u64 base, __u32 off, int len)
{
	__u64 v = 0;

	T_REQUIRE(pread(fd, &v, len, base + off) == len,
		  "read %d bytes at %#x: %s", len, off, t_err(-errno));
	return v;
}

static void wr(__u64 base, __u32 off, int len, __u64 v)
{
	T_REQUIRE(pwrite(fd, &v, len, base + off) == len,
		  "write %d bytes at %#x: %s", len, off, t_err(-errno));
}

static void snapshot(__u32 *v)
{
	size_t i;

	for (i = 0; i < NSTABLE; i++)
		v[i] = rd(bar0, stable[i], 4);
}

static void compare(const __u32 *before, const char *after)
{
	__u32 now[NSTABLE];
	size_t i;

	snapshot(now);
	for (i = 0; i < NSTABLE; i++)
		T_CHECK(now[i] == before[i],
			"register %#x changed from %#x to %#x after %s",
			stable[i], before[i], now[i], after);
}

static void test_undefined(const __u32 *base)
{
	__u32 off, n = 0;

	for (off = 0; off < MDGPU_BAR0_SIZE; off += 4) {
		if (is_defined(off))
			continue;
		T_CHECK(rd(bar0, off, 4) == 0, "undefined %#x reads non-zero",
			off);
		wr(bar0, off, 4, 0xffffffff);
		wr(bar0, off, 2, 0xa5a5);
		wr(bar0, off + 3, 1, 0x5a);
		T_CHECK(rd(bar0, off, 4) == 0,
			"undefined %#x reads non-zero after a write", off);
		n++;
	}
	compare(base, "writes to undefined offsets");
	printf("ok undefined BAR0 offsets: %u, all read 0, writes ignored\n",
	       n);
}

/* Every access that is not 4 bytes at a 4-aligned offset (or 8 at 8) is ignored. */
static void test_odd_sizes(const __u32 *base)
{
	static const __u32 regs[] = {
		MDGPU_REG_SCRATCH,    MDGPU_REG_QUEUE_TAIL, MDGPU_REG_INT_MASK,
		MDGPU_REG_DOORBELL,   MDGPU_REG_RESET,	    MDGPU_REG_INT_ACK,
		MDGPU_REG_QUEUE_CTRL, MDGPU_REG_ID
	};
	__u32 i, b, n = 0;

	for (i = 0; i < ARRAY_SIZE(regs); i++) {
		for (b = 0; b < 4; b++) {
			T_CHECK(rd(bar0, regs[i] + b, 1) == 0,
				"1-byte read at %#x", regs[i] + b);
			wr(bar0, regs[i] + b, 1, 0xff);
			n += 2;
		}
		for (b = 0; b < 4; b += 2) {
			T_CHECK(rd(bar0, regs[i] + b, 2) == 0,
				"2-byte read at %#x", regs[i] + b);
			wr(bar0, regs[i] + b, 2, 0xffff);
			n += 2;
		}
		/* Unaligned 4 bytes: split into 1 + 2 + 1, every piece ignored. */
		wr(bar0, regs[i] + 1, 4, 0xffffffff);
		T_CHECK(rd(bar0, regs[i] + 1, 4) == 0, "unaligned read at %#x",
			regs[i] + 1);
		n += 2;
	}
	compare(base,
		"1-, 2- and unaligned 4-byte accesses (SCRATCH, TAIL, DOORBELL, RESET...)");
	printf("ok odd-sized accesses: %u, all ignored, reads 0\n", n);
}

static void test_read_only(const __u32 *base)
{
	static const __u32 wo[] = { MDGPU_REG_DOORBELL, MDGPU_REG_INT_ACK,
				    MDGPU_REG_RESET };
	__u32 i, n = 0;
	__u64 v64, fence;

	for (i = 0; i < ARRAY_SIZE(defined); i++) {
		__u32 off = defined[i];

		if (off == MDGPU_REG_DOORBELL || off == MDGPU_REG_RESET ||
		    off == MDGPU_REG_INT_ACK || off == MDGPU_REG_QUEUE_TAIL ||
		    off == MDGPU_REG_SCRATCH || off == MDGPU_REG_INT_MASK ||
		    off == MDGPU_REG_QUEUE_CTRL ||
		    (off >= MDGPU_REG_QUEUE_BASE_LO &&
		     off <= MDGPU_REG_QUEUE_SIZE))
			continue;
		wr(bar0, off, 4, ~rd(bar0, off, 4));
		n++;
	}
	/* Read-only bits of writable registers; queue base/size while enabled. */
	wr(bar0, MDGPU_REG_QUEUE_CTRL, 4, 0xffffffff);
	T_CHECK(rd(bar0, MDGPU_REG_QUEUE_CTRL, 4) == MDGPU_QUEUE_CTRL_ENABLE,
		"QUEUE_CTRL %#llx",
		(unsigned long long)rd(bar0, MDGPU_REG_QUEUE_CTRL, 4));
	wr(bar0, MDGPU_REG_QUEUE_BASE_LO, 4, 0x1000);
	wr(bar0, MDGPU_REG_QUEUE_SIZE, 4, 8);
	wr(bar0, MDGPU_REG_INT_MASK, 4, 0xffffffff);
	T_CHECK(rd(bar0, MDGPU_REG_INT_MASK, 4) == MDGPU_INT_ALL,
		"INT_MASK %#llx",
		(unsigned long long)rd(bar0, MDGPU_REG_INT_MASK, 4));
	wr(bar0, MDGPU_REG_INT_MASK, 4, 0);
	for (i = 0; i < 3; i++)
		T_CHECK(rd(bar0, wo[i], 4) == 0,
			"write-only %#x reads non-zero", wo[i]);
	compare(base, "writes to read-only registers and bits");
	/* 8-byte reads of a latched pair: one access, both halves. */
	t_ok_rt(dev, mdgpu_rt_dev__fill(dev, 1 << 20, 64, 7, &fence), "fill");
	t_ok_rt(dev, mdgpu_rt_dev__wait(dev, fence, 10000), "wait");
	v64 = rd(bar0, MDGPU_REG_FENCE_LO, 8);
	T_CHECK(v64 == fence, "8-byte FENCE read %llu, fence %llu",
		(unsigned long long)v64, (unsigned long long)fence);
	T_CHECK(rd(bar0, MDGPU_REG_MEM_SIZE_LO, 8) == memsz,
		"8-byte MEM_SIZE read");
	T_CHECK(mdgpu_rt_dev__check(dev) == 0,
		"queue stopped by register writes");
	printf("ok read-only registers: %u written, unchanged; queue still runs\n",
	       n);
}

static void test_out_of_bar(void)
{
	__u32 v;

	errno = 0;
	T_CHECK(pread(fd, &v, 4, bar0 + MDGPU_BAR0_SIZE) < 0 && errno == EINVAL,
		"read past BAR0: errno %d", errno);
	T_CHECK(pwrite(fd, &v, 4, bar0 + MDGPU_BAR0_SIZE + 64) < 0,
		"write past BAR0 accepted");
	T_CHECK(pread(fd, &v, 4, cfg + MDGPU_PCI_CFG_SIZE) < 0,
		"read past config space");
	T_CHECK(pread(fd, &v, 4, (__u64)(VFIO_PCI_NUM_REGIONS + 3) << 40) < 0,
		"read of a region that does not exist");
	printf("ok accesses outside the regions fail with an error\n");
}

static void test_config(void)
{
	__u8 before[256], after[256];
	__u32 off, i;

	T_REQUIRE(pread(fd, before, 256, cfg) == 256, "config read");
	T_CHECK(*(__u16 *)before == MDGPU_PCI_VENDOR_ID &&
			*(__u16 *)(before + 2) == MDGPU_PCI_DEVICE_ID,
		"IDs %04x:%04x", *(__u16 *)before, *(__u16 *)(before + 2));
	T_CHECK((before[9] | before[10] << 8 | before[11] << 16) ==
			MDGPU_PCI_CLASS,
		"class");
	/* Every byte, every size: read-only bits keep their value. */
	for (off = 0; off < 256; off++)
		wr(cfg, off, 1, 0xff);
	for (off = 0; off < 256; off += 2)
		wr(cfg, off, 2, 0xffff);
	for (off = 0; off < 256; off += 4)
		wr(cfg, off, 4, 0xffffffff);
	T_REQUIRE(pread(fd, after, 256, cfg) == 256, "config read");
	for (i = 0; i < 256; i++) {
		bool writable = (i >= 0x04 && i <= 0x05) ||
				(i >= 0x10 && i <= 0x13) ||
				(i >= 0x18 && i <= 0x1f) || i == 0x3c ||
				(i >= 0x42 && i <= 0x4d);

		if (!writable)
			T_CHECK(after[i] == before[i] ||
					(i == 0x06 &&
					 !((after[i] ^ before[i]) & ~8)),
				"read-only config byte %#x changed %#x -> %#x",
				i, before[i], after[i]);
	}
	T_CHECK(*(__u16 *)(after + 4) == 0x0406,
		"command %#x, expected MEMORY|MASTER|INTX_DISABLE",
		*(__u16 *)(after + 4));
	T_CHECK(*(__u32 *)(after + 0x10) == (__u32) ~(MDGPU_BAR0_SIZE - 1),
		"BAR0 sizing %#x", *(__u32 *)(after + 0x10));
	T_CHECK(*(__u32 *)(after + 0x18) == ((__u32) ~(bar2_size - 1) | 0xc),
		"BAR2 sizing %#x", *(__u32 *)(after + 0x18));
	T_CHECK(*(__u32 *)(after + 0x1c) == (__u32)(~(bar2_size - 1) >> 32),
		"BAR3 sizing %#x", *(__u32 *)(after + 0x1c));
	T_CHECK(after[0x40] == 0x05 && after[0x41] == 0 && after[0x34] == 0x40,
		"MSI capability");
	T_CHECK(after[0x3d] == 1, "interrupt pin %u", after[0x3d]);
	/* A function reset puts config space back to power-on. */
	T_CHECK(!ioctl(fd, VFIO_DEVICE_RESET), "VFIO_DEVICE_RESET: %s",
		t_err(-errno));
	T_REQUIRE(pread(fd, after, 256, cfg) == 256, "config read");
	T_CHECK(!memcmp(after, before, 0x40) || (after[6] ^ before[6]) == 8,
		"config header not back to power-on after a function reset");
	t_ok_rt(dev, mdgpu_rt_dev__reset(dev, MDGPU_RT_RESET_FUNCTION),
		"runtime reset");
	printf("ok config space: read-only bytes kept, command/BAR/MSI masks as specified\n");
}

/* BAR2 through the fd and through the mapping are the same bytes. */
static void test_bar2_rw(void)
{
	__u8 *map = mdgpu_rt_dev__mem(dev), *buf = malloc(1 << 20);
	static const __u64 lens[] = { 1,    2,	  3,	7,     64,
				      4095, 4096, 4097, 65537, 1 << 20 };
	__u64 off, i, n = 0;
	int c;

	T_REQUIRE(buf, "malloc");
	/* mmap writes, pread reads: all of memory up to 16 MiB, else both ends. */
	for (off = 0; off < memsz; off += 1 << 20) {
		if (memsz > (16 << 20) && off == (8 << 20))
			off = memsz - (8 << 20);
		for (i = 0; i < (1 << 20); i += 8)
			*(__u64 *)(map + off + i) = t_rand();
		T_REQUIRE(pread(fd, buf, 1 << 20, bar2 + off) == 1 << 20,
			  "pread BAR2");
		T_CHECK(!memcmp(buf, map + off, 1 << 20),
			"pread differs from mmap at MiB %llu",
			(unsigned long long)(off >> 20));
	}
	/* pwrite at odd offsets and sizes, mmap reads. */
	for (c = 0; c < 40; c++) {
		__u64 len = lens[c % 10];

		off = c % 4 == 3 ? memsz - len : t_rand() % (memsz - len);
		for (i = 0; i < len; i++)
			buf[i] = (__u8)t_rand();
		T_CHECK(pwrite(fd, buf, len, bar2 + off) == (ssize_t)len,
			"pwrite %llu at %llu", (unsigned long long)len,
			(unsigned long long)off);
		T_CHECK(!memcmp(buf, map + off, len),
			"mmap differs after pwrite of %llu at %#llx",
			(unsigned long long)len, (unsigned long long)off);
		T_CHECK(pread(fd, buf + 1, len, bar2 + off) == (ssize_t)len &&
				!memcmp(buf + 1, map + off, len),
			"pread back of %llu at %#llx", (unsigned long long)len,
			(unsigned long long)off);
		n++;
	}
	errno = 0;
	T_CHECK(pread(fd, buf, 16, bar2 + bar2_size - 8) < 0 && errno == EINVAL,
		"read across the end of BAR2");
	T_CHECK(pwrite(fd, buf, 1, bar2 + bar2_size) < 0, "write past BAR2");
	free(buf);
	printf("ok BAR2: pread of %llu MiB of %llu and %llu pwrites match the mmap view\n",
	       (unsigned long long)((memsz > (16 << 20) ? 16 << 20 : memsz) >>
				    20),
	       (unsigned long long)(memsz >> 20), (unsigned long long)n);
}

int main(int argc, char **argv)
{
	__u32 base[NSTABLE];

	t_init("rt-regs");
	if (argc < 2) {
		fprintf(stderr, "usage: rt-regs UUID\n");
		return 2;
	}
	t_srand(7);
	dev = t_open(argv[1], MDGPU_RT_WAIT_POLL_REG, 0, 0);
	fd = mdgpu_rt_dev__vfio_device_fd(dev);
	memsz = mdgpu_rt_dev__info(dev)->mem_size;
	t_ok_rt(dev,
		mdgpu_rt_dev__vfio_region(dev, VFIO_PCI_BAR0_REGION_INDEX,
					  &bar0, NULL),
		"BAR0 region");
	t_ok_rt(dev,
		mdgpu_rt_dev__vfio_region(dev, VFIO_PCI_BAR2_REGION_INDEX,
					  &bar2, &bar2_size),
		"BAR2 region");
	t_ok_rt(dev,
		mdgpu_rt_dev__vfio_region(dev, VFIO_PCI_CONFIG_REGION_INDEX,
					  &cfg, NULL),
		"config region");
	wr(bar0, MDGPU_REG_SCRATCH, 4, 0x5c5c1234);
	snapshot(base);
	T_CHECK(base[0] == MDGPU_DEV_MAGIC && base[1] == MDGPU_DEV_VERSION,
		"identity");
	test_undefined(base);
	test_odd_sizes(base);
	test_read_only(base);
	test_out_of_bar();
	test_config();
	test_bar2_rw();
	mdgpu_rt_dev__close(dev);
	printf("rt-regs: %s\n", t_failures ? "FAILED" : "all ok");
	return t_exit();
}
