// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs: /sys/kernel/debug/mdgpu/gpuN/direct runs commands on a GPU with
 * no mediation at all (no VFIO, no trapped doorbell, no ring copy or
 * validation): a private vGPU, descriptors built here, the same executor and
 * scheduler. The device benchmark divides mediated figures by these.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>

#include "mdgpu/compat.h"
#include "mdgpu_core.h"

#define DIRECT_MAX_COUNT 100000

static struct dentry *mdgpu_debugfs_root;

/**
 * struct direct_run - one request written to the direct file
 * @done: completed when the last command of a batch (or the one command of
 *	a sequential step) completes
 * @left: commands of the batch still running
 * @result: what a read of the file returns
 */
struct direct_run {
	struct completion done;
	atomic_t left;
	char result[160];
};

static void direct_work_done(struct mdgpu_vgpu *v, struct mdgpu_work *w)
{
	struct direct_run *run = v->client;

	if (atomic_dec_and_test(&run->left))
		complete(&run->done);
}

static const struct mdgpu_vgpu_client_ops direct_ops = {
	.work_done = direct_work_done,
};

/* Build the descriptor the validator would produce for such a command. */
static int direct_desc(const char *kind, u64 arg, u32 grid, u64 mem,
		       struct mdgpu_work_desc *d)
{
	memset(d, 0, sizeof(*d));
	d->grid = grid ? grid : 1;
	if (!strcmp(kind, "nop")) {
		d->kind = MDGPU_WORK_NOP;
		d->opcode = MDGPU_OP_NOP;
	} else if (!strcmp(kind, "spin")) {
		if (!arg || arg > MDGPU_SPIN_MAX_NS || d->grid > MDGPU_MAX_GRID)
			return -EINVAL;
		d->kind = MDGPU_WORK_SPIN;
		d->opcode = MDGPU_OP_LAUNCH;
		d->kernel = MDGPU_KERNEL_SPIN;
		d->spin.duration_ns = arg;
	} else if (!strcmp(kind, "gemm")) {
		/* f32 C = A x B, all ARG x ARG, packed back to back from 0 */
		u64 bytes = arg * arg * sizeof(u32);

		if (!arg || arg > MDGPU_GEMM_MAX_DIM || 3 * bytes > mem ||
		    d->grid > MDGPU_MAX_GRID)
			return -EINVAL;
		d->kind = MDGPU_WORK_GEMM_F32;
		d->opcode = MDGPU_OP_LAUNCH;
		d->kernel = MDGPU_KERNEL_GEMM_F32;
		d->gemm.a = 0;
		d->gemm.b = bytes;
		d->gemm.c = 2 * bytes;
		d->gemm.m = arg;
		d->gemm.n = arg;
		d->gemm.k = arg;
		d->gemm.lda = arg;
		d->gemm.ldb = arg;
		d->gemm.ldc = arg;
	} else if (!strcmp(kind, "fill")) {
		if (!arg || arg > mem || arg % MDGPU_FILL_ALIGN)
			return -EINVAL;
		d->kind = MDGPU_WORK_FILL;
		d->opcode = MDGPU_OP_FILL;
		d->fill.len = arg;
		d->fill.pattern = 0x5a5a5a5a;
	} else {
		return -EINVAL;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * "seq": one command at a time, each waited for: latency percentiles.
 * "batch": all submitted at once: total time, for throughput.
 */
static int direct_exec(struct mdgpu_gpu *gpu, struct direct_run *run, bool seq,
		       u32 count, const struct mdgpu_work_desc *d)
{
	struct mdgpu_vgpu *v;
	u64 start, total, *lat = NULL;
	guid_t id;
	u32 i;
	int ret;

	generate_random_guid(id.b);
	v = mdgpu_vgpu_create(gpu, 0, &id, &direct_ops, run);
	if (IS_ERR(v))
		return PTR_ERR(v);
	ret = mdgpu_vgpu_map(v);
	if (ret)
		goto out_destroy;
	if (seq) {
		lat = kvcalloc(count, sizeof(*lat), GFP_KERNEL);
		if (!lat) {
			ret = -ENOMEM;
			goto out_destroy;
		}
	}
	start = ktime_get_ns();
	for (i = 0; i < (seq ? count : 1); i++) {
		u32 n = seq ? 1 : count, j;
		u64 t0 = ktime_get_ns();

		reinit_completion(&run->done);
		atomic_set(&run->left, n);
		for (j = 0; j < n; j++) {
			struct mdgpu_work *w = mdgpu_work_alloc(v, d, j);

			if (!w) {
				ret = -ENOMEM;
				goto out_flush;
			}
			mdgpu_vgpu_submit(v, w);
		}
		if (wait_for_completion_killable(&run->done)) {
			ret = -EINTR;
			goto out_flush;
		}
		if (seq)
			lat[i] = ktime_get_ns() - t0;
	}
	total = ktime_get_ns() - start;
	if (seq) {
		sort(lat, count, sizeof(*lat), cmp_u64, NULL);
		snprintf(run->result, sizeof(run->result),
			 "count=%u total_ns=%llu p50_ns=%llu p99_ns=%llu\n",
			 count, total, lat[count / 2],
			 lat[min_t(u32, count - 1, count * 99 / 100)]);
	} else {
		snprintf(run->result, sizeof(run->result),
			 "count=%u total_ns=%llu\n", count, total);
	}
out_flush:
	mdgpu_vgpu_flush(v);
out_destroy:
	kvfree(lat);
	mdgpu_vgpu_destroy(v);
	return ret;
}

/* Write "seq|batch KIND COUNT [ARG [GRID]]", then read the result. */
static ssize_t direct_write(struct file *file, const char __user *ubuf,
			    size_t len, loff_t *ppos)
{
	struct mdgpu_gpu *gpu = file_inode(file)->i_private;
	struct direct_run *run = file->private_data;
	char buf[96], mode[8], kind[8];
	struct mdgpu_work_desc d;
	u64 arg = 0;
	u32 count, grid = 1;
	int n, ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	n = sscanf(buf, "%7s %7s %u %llu %u", mode, kind, &count, &arg, &grid);
	if (n < 3 || !count || count > DIRECT_MAX_COUNT ||
	    (strcmp(mode, "seq") && strcmp(mode, "batch")))
		return -EINVAL;
	ret = direct_desc(kind, arg, grid, gpu->profiles[0].mem_bytes, &d);
	if (ret)
		return ret;
	ret = direct_exec(gpu, run, !strcmp(mode, "seq"), count, &d);
	return ret ? ret : len;
}

static ssize_t direct_read(struct file *file, char __user *ubuf, size_t len,
			   loff_t *ppos)
{
	struct direct_run *run = file->private_data;

	return simple_read_from_buffer(ubuf, len, ppos, run->result,
				       strlen(run->result));
}

static int direct_open(struct inode *inode, struct file *file)
{
	struct direct_run *run = kzalloc(sizeof(*run), GFP_KERNEL);

	if (!run)
		return -ENOMEM;
	init_completion(&run->done);
	file->private_data = run;
	return nonseekable_open(inode, file);
}

static int direct_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static const struct file_operations direct_fops = {
	.owner = THIS_MODULE,
	.open = direct_open,
	.release = direct_release,
	.read = direct_read,
	.write = direct_write,
	.llseek = no_llseek,
};

/**
 * mdgpu_debugfs_gpu_add() - create a GPU's debugfs directory
 * @gpu: the GPU
 */
void mdgpu_debugfs_gpu_add(struct mdgpu_gpu *gpu)
{
	gpu->debugfs =
		debugfs_create_dir(dev_name(&gpu->dev), mdgpu_debugfs_root);
	debugfs_create_file("direct", 0600, gpu->debugfs, gpu, &direct_fops);
}

/**
 * mdgpu_debugfs_gpu_remove() - remove a GPU's debugfs directory
 * @gpu: the GPU
 *
 * Waits for open files of it to be released (debugfs removal semantics).
 */
void mdgpu_debugfs_gpu_remove(struct mdgpu_gpu *gpu)
{
	debugfs_remove_recursive(gpu->debugfs);
	gpu->debugfs = NULL;
}

/** mdgpu_debugfs_init() - create /sys/kernel/debug/mdgpu */
void mdgpu_debugfs_init(void)
{
	mdgpu_debugfs_root = debugfs_create_dir("mdgpu", NULL);
}

/** mdgpu_debugfs_exit() - remove /sys/kernel/debug/mdgpu */
void mdgpu_debugfs_exit(void)
{
	debugfs_remove_recursive(mdgpu_debugfs_root);
}
