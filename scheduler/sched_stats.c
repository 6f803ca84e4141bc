// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scheduling-latency histogram arithmetic: which log2 bucket a latency falls
 * in, where a bucket ends, and a percentile read back from the counts, so
 * that sysfs, the simulator and the tests all read the histogram one way.
 */
#include "sched_env.h"

/**
 * mgs_lat_bucket() - histogram bucket of a scheduling latency
 * @lat_ns: latency in nanoseconds.
 *
 * Context: any; pure function.
 * Return: 0 for @lat_ns below 2^MGS_LAT_SHIFT, otherwise i such that
 * 2^(i + MGS_LAT_SHIFT - 1) <= @lat_ns < 2^(i + MGS_LAT_SHIFT), at most
 * MGS_LAT_BUCKETS - 1.
 */
unsigned int mgs_lat_bucket(u64 lat_ns)
{
	u64 v = lat_ns >> MGS_LAT_SHIFT;
	unsigned int bucket = 0;

	while (v) {
		bucket++;
		v >>= 1;
	}
	return bucket < MGS_LAT_BUCKETS ? bucket : MGS_LAT_BUCKETS - 1;
}

/**
 * mgs_lat_bucket_limit_ns() - exclusive upper bound of a histogram bucket
 * @bucket: bucket index, 0..MGS_LAT_BUCKETS - 1.
 *
 * Context: any; pure function.
 * Return: 2^(@bucket + MGS_LAT_SHIFT), or MGS_TIME_INF for the last (open)
 * bucket and for an index out of range.
 */
u64 mgs_lat_bucket_limit_ns(unsigned int bucket)
{
	if (bucket >= MGS_LAT_BUCKETS - 1)
		return MGS_TIME_INF;
	return 1ULL << (bucket + MGS_LAT_SHIFT);
}

/**
 * mgs_stats_lat_percentile() - latency percentile read from a histogram
 * @stats: accounting holding the histogram.
 * @permille: which percentile, in tenths of a percent (500 = median,
 *	990 = p99); values above 1000 count as 1000.
 *
 * The answer has the histogram's resolution: the true percentile is below
 * the returned bound and at or above the previous bucket's bound.
 *
 * Context: any; reads only @stats.
 * Return: the exclusive upper bound in ns of the bucket holding the
 * percentile, MGS_TIME_INF if that is the open last bucket, or 0 if the
 * histogram is empty.
 */
u64 mgs_stats_lat_percentile(const struct mgs_entity_stats *stats,
			     unsigned int permille)
{
	u64 total = 0, seen = 0, rank, q;
	unsigned int i;

	for (i = 0; i < MGS_LAT_BUCKETS; i++)
		total += stats->lat_hist[i];
	if (!total)
		return 0;
	if (permille > 1000)
		permille = 1000;
	/* rank = ceil(total * permille / 1000) without overflowing total * permille */
	q = mgs_div64(total, 1000);
	rank = q * permille +
	       mgs_div64((total - q * 1000) * permille + 999, 1000);
	if (!rank)
		rank = 1;
	for (i = 0; i < MGS_LAT_BUCKETS; i++) {
		seen += stats->lat_hist[i];
		if (seen >= rank)
			break;
	}
	return mgs_lat_bucket_limit_ns(i);
}
