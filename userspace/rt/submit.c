// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Command submission and fences. Commands go into the ring in vGPU memory
 * and one doorbell write publishes them. Fence values count up from 1 per
 * open; a FENCE command stores its value in a memory slot (when the device
 * can) and raises an interrupt (when waits sleep on one). One ring slot is
 * always kept free so that a full ring can be fenced and waited on.
 */
#include <poll.h>
#include <string.h>
#include <time.h>

#include "rt_internal.h"

static __u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void write_entry(struct mdgpu_rt_dev *dev, const struct mdgpu_cmd *cmd)
{
	__u8 *slot = dev->mem + mdgpu_rt_buf__offset(dev->ring) +
		     (__u64)dev->tail * MDGPU_CMD_SIZE;

	memcpy(slot, cmd, MDGPU_CMD_SIZE);
	dev->tail = rt_ring_next(dev->tail, 1, dev->entries);
	dev->written++;
}

/* Publish everything written so far with one doorbell write. */
static int kick(struct mdgpu_rt_dev *dev)
{
	int ret;

	if (dev->kicked == dev->written)
		return 0;
	/* Ring stores must be visible before the device hears of them. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ret = dev->ops->reg_write(dev, MDGPU_REG_DOORBELL, dev->tail);
	if (!ret)
		dev->kicked = dev->written;
	return ret;
}

static void put_fence(struct mdgpu_rt_dev *dev, __u64 *value)
{
	struct mdgpu_cmd c;

	memset(&c, 0, sizeof(c));
	c.opcode = MDGPU_OP_FENCE;
	c.fence.value = dev->next_fence;
	if (dev->info.caps & MDGPU_CAP_FENCE_MEM) {
		c.flags |= MDGPU_FENCE_F_MEM;
		c.fence.addr = mdgpu_rt_buf__offset(dev->fence_buf);
	}
	if (dev->irq_armed)
		c.flags |= MDGPU_FENCE_F_IRQ;
	write_entry(dev, &c);
	dev->fenced = dev->written;
	dev->last_fence = dev->next_fence++;
	if (value)
		*value = dev->last_fence;
}

/**
 * rt_update_completed() - learn the highest completed fence
 * @dev: the device
 *
 * From the memory slot, except in register-polling mode or without
 * %MDGPU_CAP_FENCE_MEM. Values above the last fence submitted are
 * ignored: the slot is ordinary guest memory.
 *
 * Return: nothing.
 */
void rt_update_completed(struct mdgpu_rt_dev *dev)
{
	__u64 v = 0;

	if (dev->wait_mode != MDGPU_RT_WAIT_POLL_REG &&
	    (dev->info.caps & MDGPU_CAP_FENCE_MEM))
		v = __atomic_load_n(dev->fence_slot, __ATOMIC_ACQUIRE);
	else if (rt_reg_read64(dev, MDGPU_REG_FENCE_LO, &v))
		return;
	if (v > dev->completed && v <= dev->last_fence)
		dev->completed = v;
}

/* Read and ack interrupt causes; an error cause latches the error. */
static int service_irq(struct mdgpu_rt_dev *dev)
{
	__u32 causes = 0;
	int ret;

	ret = dev->ops->reg_read(dev, MDGPU_REG_INT_STATUS, &causes);
	if (!ret && causes)
		ret = dev->ops->reg_write(dev, MDGPU_REG_INT_ACK, causes);
	if (!ret && (causes & MDGPU_INT_ERROR))
		ret = rt_read_error(dev);
	/* INTx is a level: acked causes drop it, the unmask re-evaluates it. */
	if (!ret && dev->wait_mode == MDGPU_RT_WAIT_INTX)
		ret = dev->ops->irq_unmask(dev);
	return ret;
}

static int release_requested(const struct mdgpu_rt_dev *dev)
{
	struct pollfd p = { .events = POLLIN };

	p.fd = dev->ops->req_fd ? dev->ops->req_fd(dev) : -1;
	return p.fd >= 0 && poll(&p, 1, 0) > 0;
}

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

/*
 * Between polls: spin briefly on the memory slot (no trap), then sleep from
 * 20 us up to 1 ms, checking for a queue error and a release request.
 */
static int poll_pause(struct mdgpu_rt_dev *dev, __u32 round)
{
	struct timespec ts = { 0, 1000000L };
	__u32 status;
	int ret;

	if (round < 64 && dev->wait_mode == MDGPU_RT_WAIT_POLL_MEM) {
		cpu_relax();
		return 0;
	}
	ret = dev->ops->reg_read(dev, MDGPU_REG_QUEUE_STATUS, &status);
	if (ret)
		return ret;
	if (status & MDGPU_QUEUE_STATUS_ERROR)
		return rt_read_error(dev);
	if (release_requested(dev))
		return -ESHUTDOWN;
	round = round < 64 ? 0 : round - 64;
	if (round < 6)
		ts.tv_nsec = 20000L << round;
	nanosleep(&ts, NULL);
	return 0;
}

/*
 * The error is raised when the bad command is fetched, while commands
 * before it may still be running: they complete normally. Wait for the
 * queue to go idle (BUSY clear) so that the fences before the error are
 * reported complete, not failed.
 */
static int drain_after_error(struct mdgpu_rt_dev *dev, __u64 deadline,
			     int timeout_ms)
{
	struct timespec ts = { 0, 100000L };
	__u32 status;
	int ret;

	while (!dev->drained) {
		ret = dev->ops->reg_read(dev, MDGPU_REG_QUEUE_STATUS, &status);
		if (ret)
			return ret;
		if (!(status & MDGPU_QUEUE_STATUS_BUSY)) {
			dev->drained = true;
			rt_update_completed(dev);
			dev->err.fence = dev->completed;
			break;
		}
		if (timeout_ms >= 0 && now_ms() >= deadline)
			break;
		nanosleep(&ts, NULL);
	}
	return 0;
}

static int wait_fence(struct mdgpu_rt_dev *dev, __u64 fence, int timeout_ms)
{
	__u64 deadline = timeout_ms < 0 ? 0 : now_ms() + (__u64)timeout_ms;
	bool irq = dev->irq_armed && fence >= dev->irq_from;
	__u32 round;
	int ret;

	for (round = 0;; round++) {
		if (irq) {
			ret = service_irq(dev);
			if (ret)
				return ret;
		}
		rt_update_completed(dev);
		if (fence <= dev->completed)
			return 0;
		if (dev->failed) {
			ret = drain_after_error(dev, deadline, timeout_ms);
			if (!ret && fence <= dev->completed)
				return 0;
			return ret ?: -EIO;
		}
		if (timeout_ms >= 0 && now_ms() >= deadline)
			return -ETIMEDOUT;
		if (irq) {
			int left = -1;

			if (timeout_ms >= 0) {
				__u64 now = now_ms();

				left = now >= deadline ? 0 :
							 (int)(deadline - now);
			}
			ret = dev->ops->irq_wait(dev, left);
		} else {
			ret = poll_pause(dev, round);
		}
		if (ret < 0)
			return ret;
	}
}

/* Make @need slots free, fencing and waiting if the ring is full. */
static int wait_space(struct mdgpu_rt_dev *dev, __u32 need)
{
	__u32 head;
	int ret;

	for (;;) {
		if (rt_ring_free(dev->head, dev->tail, dev->entries) >= need)
			return 0;
		ret = dev->ops->reg_read(dev, MDGPU_REG_QUEUE_HEAD, &head);
		if (ret)
			return ret;
		if (head >= dev->entries) {
			pr_warn("%s: QUEUE_HEAD %u outside the %u-entry ring\n",
				dev->name, head, dev->entries);
			return -EPROTO;
		}
		if (head != dev->head) {
			dev->head = head;
			continue;
		}
		/* Full and fetched no further: wait for a fence behind the last entry. */
		if (dev->fenced != dev->written)
			put_fence(dev, NULL);
		ret = kick(dev);
		if (!ret)
			ret = wait_fence(dev, dev->last_fence, -1);
		if (ret)
			return ret;
		ret = dev->ops->reg_read(dev, MDGPU_REG_QUEUE_HEAD, &head);
		if (ret)
			return ret;
		if (head == dev->head) {
			pr_warn("%s: fence %llu completed but QUEUE_HEAD stayed at %u\n",
				dev->name, (unsigned long long)dev->last_fence,
				head);
			return -EPROTO;
		}
		dev->head = head;
	}
}

static int check_cmds(const struct mdgpu_rt_dev *dev,
		      const struct mdgpu_cmd *cmds, __u32 n)
{
	__u32 i, code;
	int ret;

	for (i = 0; i < n; i++) {
		ret = mdgpu_rt_dev__check_cmd(dev, &cmds[i], &code);
		if (ret) {
			if (n > 1)
				pr_warn("%s: command %u of %u refused\n",
					dev->name, i, n);
			return ret;
		}
	}
	return 0;
}

/**
 * rt_submit() - write commands and optionally a fence into the ring
 * @dev: the device
 * @cmds: commands
 * @n: how many
 * @flags: MDGPU_RT_SUBMIT_*
 * @fence: if not NULL, a FENCE follows the commands and its value lands here
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit().
 */
int rt_submit(struct mdgpu_rt_dev *dev, const struct mdgpu_cmd *cmds, __u32 n,
	      __u32 flags, __u64 *fence)
{
	__u32 i;
	int ret;

	if (!dev->queue) {
		pr_warn("%s: opened without a queue (MDGPU_RT_OPEN_NO_QUEUE)\n",
			dev->name);
		return -ENOTCONN;
	}
	if (dev->failed)
		return -EIO;
	if (!(flags & MDGPU_RT_SUBMIT_NOCHECK)) {
		ret = check_cmds(dev, cmds, n);
		if (ret)
			return ret;
	}
	for (i = 0; i < n; i++) {
		/* The slot after this entry must stay free for a fence. */
		ret = wait_space(dev, 2);
		if (ret)
			return ret;
		write_entry(dev, &cmds[i]);
	}
	if (fence) {
		ret = wait_space(dev, 1);
		if (ret)
			return ret;
		put_fence(dev, fence);
	}
	return flags & MDGPU_RT_SUBMIT_NOKICK ? 0 : kick(dev);
}

/**
 * mdgpu_rt_dev__check_cmd() - would the device accept this command?
 * @dev: the device (for its memory size and kernels)
 * @cmd: a ring entry
 * @code: if not NULL, the enum mdgpu_error the device would stop with
 *	(%MDGPU_ERR_NONE when valid)
 *
 * The same rules in the same order as the device (docs/device.md §6), plus
 * the KERNELS register. mdgpu_rt_dev__submit() runs this on every command
 * unless told not to; a refusal is logged with the reason.
 *
 * Return: 0 if valid; -EINVAL for a malformed command, -ERANGE for a range
 * outside memory or wrapping, -E2BIG for a size above its limit,
 * -EOPNOTSUPP for a kernel the device does not offer.
 */
MDGPU_API int mdgpu_rt_dev__check_cmd(const struct mdgpu_rt_dev *dev,
				      const struct mdgpu_cmd *cmd, __u32 *code)
{
	struct rt_check_result res;
	__u32 c;

	if (code)
		*code = MDGPU_ERR_NONE;
	if (!dev || !cmd)
		return rt_err(-EINVAL);
	c = rt_cmd_check(cmd, dev->info.mem_size, &res);
	if (code)
		*code = c;
	if (c) {
		pr_warn("%s: %s (device error %s, byte %u)\n", dev->name,
			res.why, mdgpu_rt_error_name(c), res.field);
		return rt_err(rt_check_errno(c));
	}
	if (cmd->opcode == MDGPU_OP_LAUNCH &&
	    !(dev->info.kernels & (1U << cmd->launch.kernel))) {
		pr_warn("%s: kernel %u is not offered by this device\n",
			dev->name, cmd->launch.kernel);
		return rt_err(-EOPNOTSUPP);
	}
	return 0;
}

/**
 * mdgpu_rt_dev__submit() - put commands into the ring
 * @dev: the device
 * @cmds: ring entries (struct mdgpu_cmd, 64 bytes each)
 * @n: how many; any number, the ring is refilled as the device fetches
 * @flags: %MDGPU_RT_SUBMIT_NOCHECK skips the checks (to test the device's);
 *	%MDGPU_RT_SUBMIT_NOKICK leaves the doorbell for mdgpu_rt_dev__flush()
 * @fence: if not NULL, a FENCE is appended and its value stored here
 *
 * Blocks while the ring is full, until the device has fetched enough.
 * Without NOCHECK every command is checked before any is written, so a
 * refused call submits nothing. Raw FENCE commands should not be used: the
 * runtime's fence values must be the only ones the device sees.
 *
 * Return: 0; -EINVAL, -ERANGE, -E2BIG, -EOPNOTSUPP for a refused command
 * (see mdgpu_rt_dev__check_cmd()); -EIO if the queue is stopped on an
 * error; -ENOTCONN if opened without a queue; -errno from the transport.
 */
MDGPU_API int mdgpu_rt_dev__submit(struct mdgpu_rt_dev *dev,
				   const struct mdgpu_cmd *cmds, __u32 n,
				   __u32 flags, __u64 *fence)
{
	if (!dev || (!cmds && n) ||
	    (flags & ~(MDGPU_RT_SUBMIT_NOCHECK | MDGPU_RT_SUBMIT_NOKICK)))
		return rt_err(-EINVAL);
	return rt_err(rt_submit(dev, cmds, n, flags, fence));
}

/**
 * mdgpu_rt_dev__flush() - ring the doorbell for commands written with NOKICK
 * @dev: the device
 *
 * Return: 0; -EINVAL for a NULL @dev; -EIO if the queue is stopped;
 * -errno from the transport.
 */
MDGPU_API int mdgpu_rt_dev__flush(struct mdgpu_rt_dev *dev)
{
	if (!dev)
		return rt_err(-EINVAL);
	if (dev->failed)
		return rt_err(-EIO);
	return rt_err(dev->queue ? kick(dev) : 0);
}

/**
 * mdgpu_rt_dev__fence() - submit a fence behind everything submitted so far
 * @dev: the device
 * @fence: its value
 *
 * Return: 0 or -errno, as mdgpu_rt_dev__submit().
 */
MDGPU_API int mdgpu_rt_dev__fence(struct mdgpu_rt_dev *dev, __u64 *fence)
{
	if (!dev || !fence)
		return rt_err(-EINVAL);
	return rt_err(rt_submit(dev, NULL, 0, 0, fence));
}

/**
 * mdgpu_rt_dev__wait() - wait until a fence has completed
 * @dev: the device
 * @fence: a value returned by a submission (0 returns at once)
 * @timeout_ms: milliseconds; 0 only checks; negative waits forever
 *
 * Completion is observed as the wait mode says: polling the fence slot in
 * memory or the FENCE register, or sleeping on the MSI or INTx eventfd (the
 * runtime acks the causes, and unmasks INTx). A fence completes once every
 * command before it has.
 *
 * Return: 0 once complete; -ETIMEDOUT; -EIO if the device stopped the
 * queue on an error before the fence (see mdgpu_rt_dev__last_error());
 * fences before the failing command still complete, and after an error
 * this waits for them to (until the queue is idle); -ECANCELED if
 * a reset dropped the fence; -ESHUTDOWN if the host asked for the device
 * back (close it); -EINVAL for a fence never submitted; -errno.
 */
MDGPU_API int mdgpu_rt_dev__wait(struct mdgpu_rt_dev *dev, __u64 fence,
				 int timeout_ms)
{
	int ret;

	if (!dev)
		return rt_err(-EINVAL);
	if (fence > dev->last_fence) {
		pr_warn("%s: fence %llu was never submitted (last %llu)\n",
			dev->name, (unsigned long long)fence,
			(unsigned long long)dev->last_fence);
		return rt_err(-EINVAL);
	}
	if (fence > dev->cancel_lo && fence <= dev->cancel_hi)
		return rt_err(-ECANCELED);
	if (!fence || fence <= dev->completed)
		return 0;
	ret = dev->failed ? 0 : kick(dev);
	if (!ret)
		ret = wait_fence(dev, fence, timeout_ms);
	return rt_err(ret);
}

/**
 * mdgpu_rt_dev__sync() - wait for everything submitted so far
 * @dev: the device
 * @timeout_ms: as mdgpu_rt_dev__wait()
 *
 * Return: as mdgpu_rt_dev__wait(), or -errno from submitting the fence.
 */
MDGPU_API int mdgpu_rt_dev__sync(struct mdgpu_rt_dev *dev, int timeout_ms)
{
	__u64 fence;
	int ret;

	if (!dev)
		return rt_err(-EINVAL);
	if (dev->fenced == dev->written && dev->kicked == dev->written)
		return mdgpu_rt_dev__wait(dev, dev->last_fence, timeout_ms);
	ret = mdgpu_rt_dev__fence(dev, &fence);
	return ret ? ret : mdgpu_rt_dev__wait(dev, fence, timeout_ms);
}

/**
 * mdgpu_rt_dev__fence_completed() - the highest fence known complete
 * @dev: the device
 *
 * Looks once (memory slot or FENCE register); does not wait.
 *
 * Return: the fence value, 0 if none completed yet.
 */
MDGPU_API __u64 mdgpu_rt_dev__fence_completed(struct mdgpu_rt_dev *dev)
{
	if (!dev)
		return 0;
	if (dev->queue)
		rt_update_completed(dev);
	return dev->completed;
}

/**
 * mdgpu_rt_dev__release_requested() - has the host asked for the device back?
 * @dev: the device
 *
 * Return: 1 if so (close the device soon), 0 if not, -EINVAL for NULL.
 */
MDGPU_API int mdgpu_rt_dev__release_requested(struct mdgpu_rt_dev *dev)
{
	if (!dev)
		return rt_err(-EINVAL);
	return release_requested(dev);
}
