// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Device memory for callers: buffers carved out of the vGPU's memory by the
 * allocator (heap.c), and copies in and out through the BAR2 mapping.
 * Offsets are what commands take; pointers exist only for the part of
 * memory inside the BAR2 window.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

#define RT_DEFAULT_ALIGN 64

/**
 * mdgpu_rt_buf__alloc() - allocate device memory
 * @dev: the device
 * @size: bytes, non-zero
 * @align: a power of two; 0 for 64 (a cache line, and enough for every
 *	command's alignment rule)
 *
 * First fit from the start of memory, so the BAR2 window fills first. The
 * memory is not cleared: a fresh vGPU starts zeroed, but earlier buffers
 * of this vGPU leave their bytes behind.
 *
 * Return: the buffer, or NULL with errno EINVAL (bad size or alignment),
 * ENOMEM (no free range fits).
 */
MDGPU_API struct mdgpu_rt_buf *mdgpu_rt_buf__alloc(struct mdgpu_rt_dev *dev,
						   __u64 size, __u64 align)
{
	struct mdgpu_rt_buf *b;
	__u64 off;
	int ret;

	if (!dev)
		return rt_err_ptr(-EINVAL);
	if (!align)
		align = RT_DEFAULT_ALIGN;
	if (!size || !rt_is_pow2(align)) {
		pr_warn("%s: alloc of %llu bytes aligned %llu: need a size and a power-of-two alignment\n",
			dev->name, (unsigned long long)size,
			(unsigned long long)align);
		return rt_err_ptr(-EINVAL);
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return rt_err_ptr(-ENOMEM);
	ret = rt_heap_alloc(&dev->heap, size, align, &off);
	if (ret) {
		pr_warn("%s: no free range of %llu bytes aligned %llu (%llu bytes free)\n",
			dev->name, (unsigned long long)size,
			(unsigned long long)align,
			(unsigned long long)rt_heap_avail(&dev->heap));
		free(b);
		return rt_err_ptr(ret);
	}
	b->dev = dev;
	b->off = off;
	b->size = size;
	b->next = dev->bufs;
	dev->bufs = b;
	return b;
}

/**
 * mdgpu_rt_buf__free() - give device memory back
 * @buf: the buffer, or NULL
 *
 * Commands still queued may use the memory: wait for their fence first.
 *
 * Return: nothing.
 */
MDGPU_API void mdgpu_rt_buf__free(struct mdgpu_rt_buf *buf)
{
	struct mdgpu_rt_buf **pp;

	if (!buf)
		return;
	for (pp = &buf->dev->bufs; *pp; pp = &(*pp)->next) {
		if (*pp == buf) {
			*pp = buf->next;
			rt_heap_free(&buf->dev->heap, buf->off, buf->size);
			free(buf);
			return;
		}
	}
	pr_warn("%s: freeing a buffer it does not own\n", buf->dev->name);
}

/**
 * mdgpu_rt_buf__offset() - where the buffer lives in vGPU memory
 * @buf: the buffer
 *
 * Return: the offset that commands take.
 */
MDGPU_API __u64 mdgpu_rt_buf__offset(const struct mdgpu_rt_buf *buf)
{
	return buf ? buf->off : 0;
}

/**
 * mdgpu_rt_buf__size() - the size asked for
 * @buf: the buffer
 *
 * Return: bytes.
 */
MDGPU_API __u64 mdgpu_rt_buf__size(const struct mdgpu_rt_buf *buf)
{
	return buf ? buf->size : 0;
}

/**
 * mdgpu_rt_buf__ptr() - the buffer in the BAR2 mapping
 * @buf: the buffer
 *
 * Loads and stores through it reach vGPU memory directly (no trap). They are
 * ordered with commands only at a doorbell (stores before it are seen by
 * commands after it) and at a completed fence (results of commands before
 * it are visible).
 *
 * Return: the pointer, or NULL (errno ERANGE) if the buffer is not entirely
 * inside the BAR2 window; NULL (errno EINVAL) for a NULL @buf.
 */
MDGPU_API void *mdgpu_rt_buf__ptr(const struct mdgpu_rt_buf *buf)
{
	if (!buf)
		return rt_err_ptr(-EINVAL);
	if (buf->off + buf->size > buf->dev->info.visible_size)
		return rt_err_ptr(-ERANGE);
	return buf->dev->mem + buf->off;
}

static int mem_rw(struct mdgpu_rt_dev *dev, __u64 off, void *p, __u64 len,
		  bool write)
{
	if (!dev || (!p && len))
		return -EINVAL;
	if (off > dev->info.mem_size || len > dev->info.mem_size - off) {
		pr_warn("%s: [%#llx, +%#llx) is outside the %llu-byte memory\n",
			dev->name, (unsigned long long)off,
			(unsigned long long)len,
			(unsigned long long)dev->info.mem_size);
		return -ERANGE;
	}
	if (off + len > dev->info.visible_size) {
		if (dev->ops->mem_rw)
			return dev->ops->mem_rw(dev, off, p, len, write);
		pr_warn("%s: [%#llx, +%#llx) is outside the BAR2 window\n",
			dev->name, (unsigned long long)off,
			(unsigned long long)len);
		return -ERANGE;
	}
	if (write)
		memcpy(dev->mem + off, p, len);
	else
		memcpy(p, dev->mem + off, len);
	return 0;
}

/**
 * mdgpu_rt_dev__mem_write() - copy host memory into vGPU memory
 * @dev: the device
 * @off: offset in vGPU memory
 * @src: source
 * @len: bytes
 *
 * Return: 0; -EINVAL for NULL pointers; -ERANGE if the range is outside
 * memory or the BAR2 window.
 */
MDGPU_API int mdgpu_rt_dev__mem_write(struct mdgpu_rt_dev *dev, __u64 off,
				      const void *src, __u64 len)
{
	return rt_err(mem_rw(dev, off, (void *)src, len, true));
}

/**
 * mdgpu_rt_dev__mem_read() - copy vGPU memory out to host memory
 * @dev: the device
 * @off: offset in vGPU memory
 * @dst: destination
 * @len: bytes
 *
 * Return: 0; -EINVAL for NULL pointers; -ERANGE if the range is outside
 * memory or the BAR2 window.
 */
MDGPU_API int mdgpu_rt_dev__mem_read(struct mdgpu_rt_dev *dev, __u64 off,
				     void *dst, __u64 len)
{
	return rt_err(mem_rw(dev, off, dst, len, false));
}

static int buf_range(const struct mdgpu_rt_buf *buf, __u64 off, __u64 len)
{
	if (!buf)
		return -EINVAL;
	if (off > buf->size || len > buf->size - off) {
		pr_warn("%s: [%llu, +%llu) is outside a %llu-byte buffer\n",
			buf->dev->name, (unsigned long long)off,
			(unsigned long long)len, (unsigned long long)buf->size);
		return -ERANGE;
	}
	return 0;
}

/**
 * mdgpu_rt_buf__write() - copy host memory into a buffer
 * @buf: the buffer
 * @off: byte offset in the buffer
 * @src: source
 * @len: bytes
 *
 * Return: 0; -EINVAL for NULL pointers; -ERANGE beyond the buffer or the
 * BAR2 window.
 */
MDGPU_API int mdgpu_rt_buf__write(struct mdgpu_rt_buf *buf, __u64 off,
				  const void *src, __u64 len)
{
	int ret = buf_range(buf, off, len);

	if (!ret)
		ret = mem_rw(buf->dev, buf->off + off, (void *)src, len, true);
	return rt_err(ret);
}

/**
 * mdgpu_rt_buf__read() - copy a buffer out to host memory
 * @buf: the buffer
 * @off: byte offset in the buffer
 * @dst: destination
 * @len: bytes
 *
 * Return: 0; -EINVAL for NULL pointers; -ERANGE beyond the buffer or the
 * BAR2 window.
 */
MDGPU_API int mdgpu_rt_buf__read(const struct mdgpu_rt_buf *buf, __u64 off,
				 void *dst, __u64 len)
{
	int ret = buf_range(buf, off, len);

	if (!ret)
		ret = mem_rw(buf->dev, buf->off + off, dst, len, false);
	return rt_err(ret);
}

/**
 * mdgpu_rt_dev__mem() - the BAR2 mapping of vGPU memory
 * @dev: the device
 *
 * Covers [0, info->visible_size). For programs that manage memory
 * themselves; the ring and fence slot also live there (see
 * mdgpu_rt_dev__mem_avail() and the buffers).
 *
 * Return: the mapping, or NULL (errno EINVAL) for a NULL @dev.
 */
MDGPU_API void *mdgpu_rt_dev__mem(const struct mdgpu_rt_dev *dev)
{
	return dev ? dev->mem : rt_err_ptr(-EINVAL);
}

/**
 * mdgpu_rt_dev__mem_avail() - device memory not allocated
 * @dev: the device
 *
 * Return: free bytes (possibly fragmented); 0 for a NULL @dev.
 */
MDGPU_API __u64 mdgpu_rt_dev__mem_avail(const struct mdgpu_rt_dev *dev)
{
	return dev ? rt_heap_avail(&dev->heap) : 0;
}
