// SPDX-License-Identifier: GPL-2.0-only
/*
 * schedsim's report: the ideal share of every entity (water-filling of the
 * domain's capacity by guarantee, priority, weight and cap, piecewise over
 * arrivals, departures and live changes), what each achieved, latency
 * percentiles and Jain's fairness index.
 */
#include <stdlib.h>
#include <string.h>

#include "schedsim.h"

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : (x > hi ? hi : x);
}

/* Water-fill @give over @members by weight, each within [lo, hi]. */
static void fill_class(double *share, const double *w, const double *lo,
		       const double *hi, const unsigned int *members,
		       unsigned int n, double give)
{
	double lam_lo = 0, lam_hi = 0, lam, sum;
	unsigned int i, it, m;

	for (i = 0; i < n; i++) {
		m = members[i];
		if (hi[m] / w[m] > lam_hi)
			lam_hi = hi[m] / w[m];
	}
	for (it = 0; it < 100; it++) {
		lam = (lam_lo + lam_hi) / 2;
		sum = 0;
		for (i = 0; i < n; i++) {
			m = members[i];
			sum += clampd(lam * w[m], lo[m], hi[m]) - lo[m];
		}
		if (sum < give)
			lam_lo = lam;
		else
			lam_hi = lam;
	}
	for (i = 0; i < n; i++) {
		m = members[i];
		share[m] = clampd(lam_hi * w[m], lo[m], hi[m]);
	}
}

/* Fixed share: explicit reservations, the rest split among the others. */
static void ideal_fixed(const struct mgs_domain_config *d,
			const struct mgs_entity_config *c, const bool *present,
			unsigned int n, double *share)
{
	u32 sum = 0, nr = 0, def = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!present[i])
			continue;
		sum += c[i].reserve;
		nr += !c[i].reserve;
	}
	if (nr && sum < MGS_SHARE_ONE)
		def = (MGS_SHARE_ONE - sum) / nr;
	if (def * d->nr_slots > MGS_SHARE_ONE)
		def = MGS_SHARE_ONE / d->nr_slots;
	for (i = 0; i < n; i++)
		share[i] = present[i] ?
				   (c[i].reserve ? c[i].reserve : def) / 1e4 :
				   0;
}

/* Ideal shares of domain capacity for always-busy entities. */
static void ideal_shares(const struct mgs_domain_config *d,
			 const struct mgs_entity_config *c, const bool *present,
			 unsigned int n, double *share)
{
	double w[SIM_MAX_ENTITIES], lo[SIM_MAX_ENTITIES], hi[SIM_MAX_ENTITIES];
	unsigned int members[SIM_MAX_ENTITIES];
	bool weighted = d->policy == MGS_POLICY_WEIGHTED;
	double left = 1, room;
	unsigned int i, nm;
	int prio;

	if (d->policy == MGS_POLICY_FIXED_SHARE) {
		ideal_fixed(d, c, present, n, share);
		return;
	}
	for (i = 0; i < n; i++) {
		w[i] = weighted ? c[i].weight : 1;
		lo[i] = present[i] && weighted ? c[i].min_share / 1e4 : 0;
		hi[i] = weighted ? c[i].max_share / 1e4 : 1;
		if (hi[i] > 1.0 / d->nr_slots)
			hi[i] = 1.0 / d->nr_slots;
		share[i] = lo[i];
		left -= lo[i];
	}
	/* Guarantees first (they beat priority), then classes from the top. */
	for (prio = MGS_NR_PRIO - 1; prio >= 0 && left > 0; prio--) {
		nm = 0;
		room = 0;
		for (i = 0; i < n; i++) {
			if (present[i] && c[i].prio == prio) {
				members[nm++] = i;
				room += hi[i] - lo[i];
			}
		}
		if (!nm || room <= 0)
			continue;
		fill_class(share, w, lo, hi, members, nm,
			   room < left ? room : left);
		left -= room < left ? room : left;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Segment boundaries: start, end, arrivals, departures and changes. */
static unsigned int segment_bounds(const struct trace *t, u64 *at)
{
	unsigned int i, n = 0, u = 0;

	at[n++] = 0;
	at[n++] = t->duration_ns;
	for (i = 0; i < t->nr_ent; i++) {
		at[n++] = t->ents[i].wl.arrive_ns < t->duration_ns ?
				  t->ents[i].wl.arrive_ns :
				  0;
		at[n++] = t->ents[i].wl.depart_ns < t->duration_ns ?
				  t->ents[i].wl.depart_ns :
				  0;
	}
	for (i = 0; i < t->nr_changes; i++)
		at[n++] = t->changes[i].at_ns < t->duration_ns ?
				  t->changes[i].at_ns :
				  0;
	qsort(at, n, sizeof(*at), cmp_u64);
	for (i = 0; i < n; i++) {
		if (!u || at[i] != at[u - 1])
			at[u++] = at[i];
	}
	return u;
}

/*
 * Integrates ideal shares over the run; fills target[] (fraction of the
 * run's capacity) and returns that capacity in slot-ns.
 */
static double ideal_targets(const struct trace *t, const struct sim *s,
			    double *target)
{
	u64 at[2 + 2 * SIM_MAX_ENTITIES + SIM_MAX_CHANGES];
	struct mgs_entity_config cfg[SIM_MAX_ENTITIES];
	bool present[SIM_MAX_ENTITIES];
	double share[SIM_MAX_ENTITIES], cap = 0, len;
	struct mgs_domain_config d;
	unsigned int nb, k, i;

	nb = segment_bounds(t, at);
	memset(target, 0, t->nr_ent * sizeof(*target));
	for (k = 0; k + 1 < nb; k++) {
		d = t->dcfg;
		for (i = 0; i < t->nr_ent; i++) {
			cfg[i] = t->ents[i].cfg;
			present[i] = t->ents[i].wl.arrive_ns <= at[k] &&
				     t->ents[i].wl.depart_ns > at[k];
		}
		for (i = 0; i < t->nr_changes && t->changes[i].at_ns <= at[k];
		     i++) {
			if (s->changes[i].ret)
				continue;
			if (t->changes[i].ent < 0)
				d = t->changes[i].dcfg;
			else
				cfg[t->changes[i].ent] = t->changes[i].ecfg;
		}
		ideal_shares(&d, cfg, present, t->nr_ent, share);
		len = (double)(at[k + 1] - at[k]) * d.nr_slots;
		cap += len;
		for (i = 0; i < t->nr_ent; i++)
			target[i] += share[i] * len;
	}
	for (i = 0; i < t->nr_ent; i++)
		target[i] /= cap;
	return cap;
}

static double percentile_us(u64 *v, size_t n, unsigned int permille)
{
	size_t rank;

	if (!n)
		return 0;
	rank = (n * permille + 999) / 1000;
	return v[rank ? rank - 1 : 0] / 1e3;
}

static void print_entity(FILE *out, const struct sim *s, unsigned int i,
			 double target, double achieved, bool known)
{
	const struct sim_entity *e = &s->ents[i];
	struct mgs_entity_stats st;
	const struct mgs_entity_config *c = &e->ent.cfg;

	mgs_entity_read_stats(&e->ent, s->now_ns, &st);
	qsort(e->lat, e->nr_lat, sizeof(*e->lat), cmp_u64);
	fprintf(out, "%-10s %6u %6.2f %6.2f %6.2f %4u ", e->name, c->weight,
		c->min_share / 1e2, c->max_share / 1e2, c->reserve / 1e2,
		c->prio);
	if (known)
		fprintf(out, "%8.3f %8.3f %+7.3f ", target * 100,
			achieved * 100, (achieved - target) * 100);
	else
		fprintf(out, "%8s %8.3f %7s ", "-", achieved * 100, "-");
	fprintf(out,
		"%10.1f %10.1f %7llu %7llu %6llu %5llu %8.1f %8.1f %8.1f %8.1f\n",
		st.busy_ns / 1e6, st.wait_ns / 1e6,
		(unsigned long long)st.nr_slices,
		(unsigned long long)st.nr_dispatches,
		(unsigned long long)st.nr_preempts,
		(unsigned long long)st.nr_throttled, st.overrun_ns / 1e6,
		percentile_us(e->lat, e->nr_lat, 500),
		percentile_us(e->lat, e->nr_lat, 990),
		e->nr_lat ? e->lat[e->nr_lat - 1] / 1e3 : 0.0);
}

/**
 * report_print() - print the per-entity table and the domain summary
 * @out: where to.
 * @t: the trace that was simulated.
 * @s: the simulation after sim_run().
 *
 * Targets assume every present entity is always backlogged; when an entity
 * has bursts (it is demand-limited) they cannot be known and are shown as
 * "-", and Jain's index is left out.
 *
 * Context: userspace.
 * Return: nothing.
 */
void report_print(FILE *out, const struct trace *t, const struct sim *s)
{
	double target[SIM_MAX_ENTITIES], achieved, cap, x, err, sx = 0, sxx = 0,
								maxerr = 0;
	bool known = true;
	unsigned int i, nx = 0;

	for (i = 0; i < t->nr_ent; i++)
		known &= !t->ents[i].wl.burst_ns;
	cap = ideal_targets(t, s, target);
	fprintf(out,
		"policy=%s slots=%u slice=%.3fms period=%.3fms duration=%.3fs seed=%llu\n",
		trace_policy_name(t->dcfg.policy), t->dcfg.nr_slots,
		t->dcfg.slice_ns / 1e6, t->dcfg.period_ns / 1e6,
		t->duration_ns / 1e9, (unsigned long long)t->seed);
	for (i = 0; i < t->nr_changes; i++) {
		if (s->changes[i].ret)
			fprintf(out, "change %u at %.3fs rejected: %s\n", i,
				t->changes[i].at_ns / 1e9,
				strerror(-s->changes[i].ret));
	}
	fprintf(out, "%-10s %6s %6s %6s %6s %4s %8s %8s %7s ", "name", "weight",
		"min%", "max%", "res%", "prio", "target%", "got%", "err_pp");
	fprintf(out, "%10s %10s %7s %7s %6s %5s %8s %8s %8s %8s\n", "busy_ms",
		"wait_ms", "slices", "disp", "preem", "thrtl", "ovr_ms",
		"p50_us", "p99_us", "max_us");
	for (i = 0; i < t->nr_ent; i++) {
		achieved = s->ents[i].busy_ns / cap;
		print_entity(out, s, i, target[i], achieved, known);
		if (!known || target[i] <= 0)
			continue;
		err = achieved > target[i] ? achieved - target[i] :
					     target[i] - achieved;
		if (err > maxerr)
			maxerr = err;
		x = achieved / target[i];
		sx += x;
		sxx += x * x;
		nx++;
	}
	fprintf(out,
		"idle %.3f%%, idle while an entity waited %.3f%%, picks %llu\n",
		s->idle_ns * 100 / cap, s->idle_waiting_ns * 100 / cap,
		(unsigned long long)s->nr_picks);
	if (known && nx)
		fprintf(out,
			"max |share error| %.3f pp, Jain's index (achieved/target) %.5f\n",
			maxerr * 100, sx * sx / (nx * sxx));
	else
		fputs("targets unknown (demand-limited entities): no share error or Jain's index\n",
		      out);
}
