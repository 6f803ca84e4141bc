// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdgpud's log: one line per message on stderr, with the level as the
 * journal's "<N>" prefix under systemd.
 */
#include <stdarg.h>
#include <stdio.h>

#include "mdgpud.h"

int log_max_level = LOG_INFO;
bool log_journal;

/**
 * log_msg() - one log line on stderr
 * @level: LOG_ERR ... LOG_DBG (syslog's numbers)
 * @fmt: printf format, without a trailing newline
 *
 * Under systemd (JOURNAL_STREAM set) the line carries the level as a
 * "<N>" prefix for the journal; otherwise "mdgpud: " and a level word.
 */
void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const words[] = {
		[LOG_ERR] = "error: ", [LOG_WARN] = "warning: "
	};
	char buf[2048];
	va_list ap;

	if ((int)level > log_max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (log_journal)
		fprintf(stderr, "<%d>%s\n", level, buf);
	else
		fprintf(stderr, "mdgpud: %s%s\n",
			level <= LOG_WARN ? words[level] : "", buf);
}
