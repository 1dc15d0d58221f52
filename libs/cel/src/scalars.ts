// Timestamps and durations for `format: date-time|date|duration` string fields, built with cel-es's own
// timestamp()/duration() conversions so they behave like the values CEL produces itself.

import { celEnv, isCelError, parse, plan, type CelValue } from '@bufbuild/cel';

const env = celEnv();
const toTimestamp = plan(env, parse('timestamp(s)'));
const toDuration = plan(env, parse('duration(s)'));

export function parseTimestampValue(s: string, dateOnly: boolean): CelValue | undefined {
  if (dateOnly) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
    s = `${s}T00:00:00Z`;
  }
  const v = toTimestamp({ s });
  return isCelError(v) ? undefined : v;
}

export function parseDurationValue(s: string): CelValue | undefined {
  const v = toDuration({ s });
  return isCelError(v) ? undefined : v;
}
