// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The PCI transport: inside a guest the vGPU is an ordinary PCI function
 * (QEMU's vfio-pci passes it through), and stock kernel interfaces are
 * enough to drive it. BAR0 and BAR2 are mmap-ed from the function's sysfs
 * resource0 and resource2 files; registers are plain 32-bit loads and
 * stores. Commands address offsets in the vGPU's own memory (BAR2), so no
 * DMA mapping, bus mastering or IOMMU is involved. Fences are polled, or,
 * where the function is bound to uio_pci_generic, INTx wakes the waiter
 * through /dev/uioN and is unmasked through the command register. There is no MSI (that needs a kernel driver) and no
 * removal request (the hypervisor owns that).
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rt_internal.h"

#define PCI_VENDOR_ID 0x00
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x2
/* The command register's high byte, and Interrupt Disable (bit 10) in it. */
#define PCI_COMMAND_HI (PCI_COMMAND + 1)
#define PCI_COMMAND_HI_INTX_DISABLE 0x04
#define PCI_BDF_LEN 12 /* dddd:bb:dd.f */

/* Where PCI functions are listed; the unit tests point it at a fake tree. */
const char *rt_pci_sysfs_dir = "/sys/bus/pci/devices";

/**
 * struct pci_tp - PCI transport state
 * @dir: the function's sysfs directory
 * @cfg: its config file, read-write when we may (INTx needs that)
 * @cfg_rw: @cfg is writable
 * @regs: BAR0 mapping
 * @regs_len: its length
 * @mem: BAR2 mapping
 * @mem_len: its length
 * @bar2_size: size of the resource2 file: the BAR
 * @uio: /dev/uioN when uio_pci_generic is bound, else -1
 */
struct pci_tp {
	char dir[PATH_MAX];
	int cfg;
	bool cfg_rw;
	__u8 *regs;
	size_t regs_len;
	void *mem;
	size_t mem_len;
	__u64 bar2_size;
	int uio;
};

static struct pci_tp *tp_of(const struct mdgpu_rt_dev *dev)
{
	return dev->tp;
}

static int pci_reg_read(struct mdgpu_rt_dev *dev, __u32 off, __u32 *val)
{
	struct pci_tp *tp = tp_of(dev);

	if (off > tp->regs_len - 4)
		return -EINVAL;
	/* MMIO: an atomic access is one load the compiler keeps as written. */
	*val = __atomic_load_n((__u32 *)(tp->regs + off), __ATOMIC_RELAXED);
	return 0;
}

static int pci_reg_write(struct mdgpu_rt_dev *dev, __u32 off, __u32 val)
{
	struct pci_tp *tp = tp_of(dev);

	if (off > tp->regs_len - 4)
		return -EINVAL;
	__atomic_store_n((__u32 *)(tp->regs + off), val, __ATOMIC_RELAXED);
	return 0;
}

static int pci_map_mem(struct mdgpu_rt_dev *dev, __u64 size, bool populate,
		       void **ptr)
{
	struct pci_tp *tp = tp_of(dev);
	char path[PATH_MAX + 16];
	void *p;
	int fd, err;

	if (size > tp->bar2_size || size > SIZE_MAX) {
		pr_warn("%s: memory window %llu bytes exceeds BAR2 (%llu)\n",
			dev->name, (unsigned long long)size,
			(unsigned long long)tp->bar2_size);
		return -EPROTO;
	}
	snprintf(path, sizeof(path), "%s/resource2", tp->dir);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		pr_warn("%s: cannot open %s: %s\n", dev->name, path,
			strerror(err));
		return -err;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | (populate ? MAP_POPULATE : 0), fd, 0);
	err = errno;
	close(fd);
	if (p == MAP_FAILED) {
		pr_warn("%s: mmap of %s (%llu bytes) failed: %s\n", dev->name,
			path, (unsigned long long)size, strerror(err));
		return -err;
	}
	tp->mem = p;
	tp->mem_len = size;
	*ptr = p;
	return 0;
}

/*
 * uio_pci_generic has no irqcontrol: its handler masks the line by setting
 * Interrupt Disable in the command register, and user space clears it
 * there again (Documentation/driver-api/uio-howto.rst). One byte, so that
 * nothing else in the register is written.
 */
static int intx_mask(struct pci_tp *tp, bool masked)
{
	__u8 hi;
	ssize_t n;

	n = pread(tp->cfg, &hi, 1, PCI_COMMAND_HI);
	if (n != 1)
		return n < 0 ? -errno : -EIO;
	hi = masked ? hi | PCI_COMMAND_HI_INTX_DISABLE :
		      hi & ~PCI_COMMAND_HI_INTX_DISABLE;
	n = pwrite(tp->cfg, &hi, 1, PCI_COMMAND_HI);
	return n == 1 ? 0 : n < 0 ? -errno : -EIO;
}

static int pci_irq_arm(struct mdgpu_rt_dev *dev, enum mdgpu_rt_wait_mode mode)
{
	struct pci_tp *tp = tp_of(dev);
	__u32 count;

	if (mode != MDGPU_RT_WAIT_INTX) /* stop: keep the line masked */
		return tp->uio >= 0 && tp->cfg_rw ? intx_mask(tp, true) : 0;
	if (tp->uio < 0 || !tp->cfg_rw) {
		pr_warn("%s: INTx needs the function bound to uio_pci_generic%s\n",
			dev->name,
			tp->uio >= 0 ? " and a writable config space (root)" :
				       "");
		return -EOPNOTSUPP;
	}
	/* Forget interrupts that came before, then let the line through. */
	while (read(tp->uio, &count, sizeof(count)) == sizeof(count))
		;
	return intx_mask(tp, false);
}

static int pci_irq_wait(struct mdgpu_rt_dev *dev, int timeout_ms)
{
	struct pci_tp *tp = tp_of(dev);
	struct pollfd p = { .fd = tp->uio, .events = POLLIN };
	__u32 count;
	int n;

	n = poll(&p, 1, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (n > 0 && (p.revents & POLLIN)) {
		if (read(tp->uio, &count, sizeof(count)) != sizeof(count) &&
		    errno != EAGAIN)
			return -errno;
		return 1;
	}
	if (n > 0 && (p.revents & (POLLERR | POLLHUP)))
		return -ENODEV;
	return 0;
}

/* The uio handler masked the line (Interrupt Disable); causes are acked. */
static int pci_irq_unmask(struct mdgpu_rt_dev *dev)
{
	return intx_mask(tp_of(dev), false);
}

static int write_attr(const char *dir, const char *attr, const char *val)
{
	char path[PATH_MAX + 16];
	ssize_t n;
	int fd, err;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

/* The kernel's reset methods (FLR, PM, bus); the device has no FLR itself. */
static int pci_func_reset(struct mdgpu_rt_dev *dev)
{
	int ret = write_attr(tp_of(dev)->dir, "reset", "1");

	if (ret == -ENOENT)
		pr_warn("%s: the kernel knows no reset method for this function (no %s/reset)\n",
			dev->name, tp_of(dev)->dir);
	else if (ret)
		pr_warn("%s: function reset failed: %s\n", dev->name,
			strerror(-ret));
	return ret == -ENOENT ? -EOPNOTSUPP : ret;
}

static void tp_free(struct pci_tp *tp)
{
	if (tp->mem)
		munmap(tp->mem, tp->mem_len);
	if (tp->regs)
		munmap(tp->regs, tp->regs_len);
	if (tp->cfg >= 0)
		close(tp->cfg);
	if (tp->uio >= 0)
		close(tp->uio);
	free(tp);
}

static void tp_free_any(void *tp)
{
	tp_free(tp);
}

static void pci_close(struct mdgpu_rt_dev *dev)
{
	if (dev->tp)
		tp_free(tp_of(dev));
	dev->tp = NULL;
}

static const struct rt_transport_ops pci_ops = {
	.name = "pci",
	.irq_modes = RT_IRQ_MODE(MDGPU_RT_WAIT_INTX),
	.reg_read = pci_reg_read,
	.reg_write = pci_reg_write,
	.map_mem = pci_map_mem,
	.irq_arm = pci_irq_arm,
	.irq_wait = pci_irq_wait,
	.irq_unmask = pci_irq_unmask,
	.func_reset = pci_func_reset,
	.close = pci_close,
};

/*
 * A PCI address as sysfs names it: dddd:bb:dd.f, lower case; "bb:dd.f" gets
 * domain 0000. Nothing else (no '/'), so it is safe in a path.
 */
static bool parse_bdf(const char *s, char out[PCI_BDF_LEN + 1])
{
	static const char pat[] = "hhhh:hh:hh.o";
	char full[PCI_BDF_LEN + 1];
	int i;

	if (!s)
		return false;
	if (strlen(s) == PCI_BDF_LEN - 5) {
		snprintf(full, sizeof(full), "0000:%s", s);
		s = full;
	}
	if (strlen(s) != PCI_BDF_LEN)
		return false;
	for (i = 0; i < PCI_BDF_LEN; i++) {
		unsigned char c = s[i];

		if (pat[i] == 'h' ? !isxdigit(c) :
		    pat[i] == 'o' ? c < '0' || c > '7' :
				    c != (unsigned char)pat[i])
			return false;
		out[i] = tolower(c);
	}
	out[PCI_BDF_LEN] = '\0';
	return true;
}

/* Read a sysfs attribute holding one number ("0x1234\n"). */
static int read_hex_attr(const char *dir, const char *attr, unsigned long *v)
{
	char path[PATH_MAX + 16], buf[32], *end;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	errno = 0;
	*v = strtoul(buf, &end, 0);
	if (errno || end == buf || (*end && *end != '\n'))
		return -EPROTO;
	return 0;
}

static bool is_mdgpu(const char *dir)
{
	unsigned long vendor, device;

	return !read_hex_attr(dir, "vendor", &vendor) &&
	       !read_hex_attr(dir, "device", &device) &&
	       vendor == MDGPU_PCI_VENDOR_ID && device == MDGPU_PCI_DEVICE_ID;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/**
 * mdgpu_rt_pci_find() - the PCI address of an mdgpu vGPU in this system
 * @index: 0 for the first (in PCI address order), 1 for the second, ...
 * @bdf: receives the address, "dddd:bb:dd.f"
 * @size: bytes at @bdf, at least 13
 *
 * Looks through /sys/bus/pci/devices for functions with the vGPU's vendor
 * and device ID (0x1234:0x6d67). Inside a guest that is how a vGPU passed
 * through with QEMU's vfio-pci shows up.
 *
 * Return: 0; -ENOENT if there are not that many; -EINVAL for bad arguments;
 * -errno if the directory cannot be read.
 */
MDGPU_API int mdgpu_rt_pci_find(unsigned int index, char *bdf, size_t size)
{
	char path[PATH_MAX], **names = NULL, **grown;
	size_t nr = 0, cap = 0, i;
	struct dirent *de;
	DIR *d;
	int ret = -ENOENT;

	if (!bdf || size < PCI_BDF_LEN + 1)
		return rt_err(-EINVAL);
	d = opendir(rt_pci_sysfs_dir);
	if (!d) {
		ret = -errno;
		pr_warn("cannot list %s: %s\n", rt_pci_sysfs_dir,
			strerror(-ret));
		return rt_err(ret);
	}
	while ((de = readdir(d))) {
		char name[PCI_BDF_LEN + 1];

		if (!parse_bdf(de->d_name, name) || strcmp(name, de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", rt_pci_sysfs_dir, name);
		if (!is_mdgpu(path))
			continue;
		if (nr == cap) {
			cap = cap ? 2 * cap : 8;
			grown = realloc(names, cap * sizeof(*names));
			if (!grown) {
				ret = -ENOMEM;
				goto out;
			}
			names = grown;
		}
		names[nr] = strdup(name);
		if (!names[nr]) {
			ret = -ENOMEM;
			goto out;
		}
		nr++;
	}
	if (nr)
		qsort(names, nr, sizeof(*names), cmp_str);
	if (index < nr) {
		snprintf(bdf, size, "%s", names[index]);
		ret = 0;
	}
out:
	closedir(d);
	for (i = 0; i < nr; i++)
		free(names[i]);
	free(names);
	return rt_err(ret);
}

static int cfg_read16(struct pci_tp *tp, __u32 off, __u16 *val)
{
	ssize_t n = pread(tp->cfg, val, sizeof(*val), off);

	return n == sizeof(*val) ? 0 : n < 0 ? -errno : -EIO;
}

/*
 * Memory decoding must be on for the BARs to answer. The firmware or the
 * kernel usually turned it on; if not, ask the kernel (sysfs "enable",
 * which calls pci_enable_device()), then look again.
 */
static int enable_memory(struct pci_tp *tp, const char *name)
{
	__u16 cmd;
	int ret;

	ret = cfg_read16(tp, PCI_COMMAND, &cmd);
	if (ret)
		return ret;
	if (cmd & PCI_COMMAND_MEMORY)
		return 0;
	ret = write_attr(tp->dir, "enable", "1");
	if (!ret)
		ret = cfg_read16(tp, PCI_COMMAND, &cmd);
	if (!ret && !(cmd & PCI_COMMAND_MEMORY))
		ret = -EIO;
	if (ret)
		pr_warn("%s: cannot enable memory decoding (%s/enable): %s\n",
			name, tp->dir, strerror(-ret));
	else
		pr_debug("%s: memory decoding enabled\n", name);
	return ret;
}

/* Size of a resourceN file: the BAR's size; 0 if the BAR is absent. */
static int resource_size(struct pci_tp *tp, int bar, __u64 *size)
{
	char path[PATH_MAX + 16];
	struct stat st;

	snprintf(path, sizeof(path), "%s/resource%d", tp->dir, bar);
	if (stat(path, &st))
		return -errno;
	*size = st.st_size;
	return 0;
}

static int map_regs(struct pci_tp *tp, const char *name)
{
	char path[PATH_MAX + 16];
	__u64 size = 0;
	void *p;
	int fd, err;

	err = resource_size(tp, 0, &size);
	if (err || size < MDGPU_BAR0_SIZE) {
		pr_warn("%s: BAR0 (%s/resource0) missing or smaller than %u bytes\n",
			name, tp->dir, MDGPU_BAR0_SIZE);
		return err ?: -ENODEV;
	}
	snprintf(path, sizeof(path), "%s/resource0", tp->dir);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		pr_warn("%s: cannot open %s: %s%s\n", name, path, strerror(err),
			err == EACCES ? " (needs root)" : "");
		return -err;
	}
	p = mmap(NULL, MDGPU_BAR0_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 0);
	err = errno;
	close(fd);
	if (p == MAP_FAILED) {
		pr_warn("%s: mmap of %s failed: %s\n", name, path,
			strerror(err));
		return -err;
	}
	tp->regs = p;
	tp->regs_len = MDGPU_BAR0_SIZE;
	return 0;
}

/* /dev/uioN of the function, when uio_pci_generic is bound to it. */
static void open_uio(struct pci_tp *tp, const char *name)
{
	char path[PATH_MAX + 16];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/uio", tp->dir);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "uio", 3) ||
		    strspn(de->d_name + 3, "0123456789") !=
			    strlen(de->d_name + 3) ||
		    !de->d_name[3])
			continue;
		snprintf(path, sizeof(path), "/dev/%s", de->d_name);
		tp->uio = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
		if (tp->uio < 0)
			pr_warn("%s: cannot open %s: %s; INTx unavailable\n",
				name, path, strerror(errno));
		else
			pr_debug("%s: INTx through %s\n", name, path);
		break;
	}
	closedir(d);
}

static int pci_attach(struct pci_tp *tp, const char *name)
{
	char path[PATH_MAX + 16];
	__u16 id[2];
	ssize_t n;
	int err;

	snprintf(path, sizeof(path), "%s/config", tp->dir);
	tp->cfg = open(path, O_RDWR | O_CLOEXEC);
	tp->cfg_rw = tp->cfg >= 0;
	if (tp->cfg < 0 && (errno == EACCES || errno == EPERM))
		tp->cfg = open(path, O_RDONLY | O_CLOEXEC);
	if (tp->cfg < 0) {
		err = errno;
		pr_warn("%s: no such PCI function (%s: %s)\n", name, path,
			strerror(err));
		return -err;
	}
	n = pread(tp->cfg, id, sizeof(id), PCI_VENDOR_ID);
	if (n != sizeof(id))
		return n < 0 ? -errno : -EIO;
	if (id[0] != MDGPU_PCI_VENDOR_ID || id[1] != MDGPU_PCI_DEVICE_ID) {
		pr_warn("%s: PCI ID %04x:%04x is not an mdgpu vGPU (%04x:%04x)\n",
			name, id[0], id[1], MDGPU_PCI_VENDOR_ID,
			MDGPU_PCI_DEVICE_ID);
		return -ENODEV;
	}
	err = resource_size(tp, 2, &tp->bar2_size);
	if (err || !tp->bar2_size) {
		pr_warn("%s: BAR2 (%s/resource2) missing\n", name, tp->dir);
		return err ?: -ENODEV;
	}
	err = enable_memory(tp, name);
	if (!err)
		err = map_regs(tp, name);
	if (!err)
		open_uio(tp, name);
	return err;
}

/**
 * mdgpu_rt_dev__open_pci() - open a vGPU that is a PCI function of this
 *	system (inside a guest)
 * @bdf: PCI address, "dddd:bb:dd.f" or "bb:dd.f"; NULL or "" for the first
 *	one mdgpu_rt_pci_find() sees
 * @opts: options, or NULL for defaults (see struct mdgpu_rt_open_opts)
 *
 * Checks the PCI IDs, turns memory decoding on if it is off, mmaps BAR0
 * (registers) and BAR2 (memory) from sysfs resource0 and resource2, then
 * does what every open does (identity, ring, wait mode). Wait modes:
 * POLL_REG, POLL_MEM (AUTO picks it), and INTX when the function is bound
 * to uio_pci_generic (the line is unmasked through the command register's
 * Interrupt Disable bit, in sysfs config). Needs root (the resource files are root-only).
 *
 * Return: the device, or NULL with errno: EINVAL (bad address or options),
 * ENOENT (no such function, or none found), EACCES, ENODEV (not an mdgpu
 * vGPU), EPROTONOSUPPORT (device version), EOPNOTSUPP (wait mode), ENOMEM,
 * EIO (memory decoding could not be enabled, or the device refused the
 * ring).
 */
MDGPU_API struct mdgpu_rt_dev *
mdgpu_rt_dev__open_pci(const char *bdf, const struct mdgpu_rt_open_opts *opts)
{
	char name[PCI_BDF_LEN + 1];
	struct pci_tp *tp;
	int ret;

	if (!bdf || !*bdf) {
		ret = mdgpu_rt_pci_find(0, name, sizeof(name));
		if (ret) {
			if (ret == -ENOENT)
				pr_warn("open: no mdgpu PCI function (%04x:%04x) in %s\n",
					MDGPU_PCI_VENDOR_ID,
					MDGPU_PCI_DEVICE_ID, rt_pci_sysfs_dir);
			return rt_err_ptr(ret);
		}
	} else if (!parse_bdf(bdf, name)) {
		pr_warn("open: '%s' is not a PCI address (dddd:bb:dd.f)\n",
			bdf);
		return rt_err_ptr(-EINVAL);
	}
	if (!OPTS_VALID(opts, mdgpu_rt_open_opts))
		return rt_err_ptr(-EINVAL);
	tp = calloc(1, sizeof(*tp));
	if (!tp)
		return rt_err_ptr(-ENOMEM);
	tp->cfg = tp->uio = -1;
	snprintf(tp->dir, sizeof(tp->dir), "%s/%s", rt_pci_sysfs_dir, name);
	ret = pci_attach(tp, name);
	if (ret) {
		tp_free(tp);
		return rt_err_ptr(ret);
	}
	return rt_dev_open(&pci_ops, tp, name, opts, tp_free_any);
}

static bool looks_like_uuid(const char *s)
{
	int i;

	if (strlen(s) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

/**
 * mdgpu_rt_dev__open() - open a vGPU by whatever names it
 * @spec: an mdev UUID (VFIO, from the host); a PCI address, "pci:ADDRESS"
 *	or "pci" (PCI, inside a guest; "pci" alone takes the first vGPU
 *	found); NULL or "" as "pci"
 * @opts: options, or NULL for defaults
 *
 * Lets one program run on the host and in a guest unchanged.
 *
 * Return: as mdgpu_rt_dev__open_vfio() or mdgpu_rt_dev__open_pci().
 */
MDGPU_API struct mdgpu_rt_dev *
mdgpu_rt_dev__open(const char *spec, const struct mdgpu_rt_open_opts *opts)
{
	if (!spec || !*spec || !strcmp(spec, "pci"))
		return mdgpu_rt_dev__open_pci(NULL, opts);
	if (!strncmp(spec, "pci:", 4))
		return mdgpu_rt_dev__open_pci(spec + 4, opts);
	if (looks_like_uuid(spec))
		return mdgpu_rt_dev__open_vfio(spec, opts);
	return mdgpu_rt_dev__open_pci(spec, opts);
}
