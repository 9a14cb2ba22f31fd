// Go's time.ParseDuration, and the text mapstructure's string-to-duration hook makes of its errors.
import { goQuote } from './go-text';

/** A parsed duration in nanoseconds, or the error text mapstructure reports for it. */
export type DurationParse = { readonly ok: true; readonly nanos: bigint } | { readonly ok: false; readonly message: string };

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1_000n, '\u00b5s': 1_000n, '\u03bcs': 1_000n, ms: 1_000_000n, s: 1_000_000_000n,
  m: 60_000_000_000n, h: 3_600_000_000_000n,
};

const LIMIT = 1n << 63n;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** mapstructure's wrapTimeParseDurationError: drops the quoted input (everything after the last space). */
function wrapped(goError: string): DurationParse {
  if (goError.startsWith('time: unknown unit ')) return { ok: false, message: 'time: unknown unit' };
  return { ok: false, message: goError.slice(0, goError.lastIndexOf(' ')) };
}

/** time.ParseDuration(s), its errors as mapstructure's decode hook words them. */
export function parseGoDuration(orig: string): DurationParse {
  const invalid = (): DurationParse => wrapped(`time: invalid duration ${goQuote(orig)}`);
  let s = orig;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanos: 0n };
  if (s === '') return invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid();
    let i = 0;
    let whole = 0n;
    while (isDigit(s[i])) {
      if (whole > (LIMIT - 1n) / 10n) return invalid();
      whole = whole * 10n + BigInt(Number(s[i]));
      if (whole > LIMIT) return invalid();
      i++;
    }
    const pre = i > 0;
    s = s.slice(i);
    let fraction = 0n;
    let scale = 1;
    let post = false;
    if (s.startsWith('.')) {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          if (fraction > (LIMIT - 1n) / 10n) overflow = true;
          else {
            const next = fraction * 10n + BigInt(Number(s[j]));
            if (next > LIMIT) overflow = true;
            else {
              fraction = next;
              scale *= 10;
            }
          }
        }
        j++;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return invalid();
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) return wrapped(`time: missing unit in duration ${goQuote(orig)}`);
    const unitText = s.slice(0, u);
    s = s.slice(u);
    const unit = UNITS[unitText];
    if (unit === undefined) return wrapped(`time: unknown unit ${goQuote(unitText)} in duration ${goQuote(orig)}`);
    if (whole > LIMIT / unit) return invalid();
    let value = whole * unit;
    if (fraction > 0n) {
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > LIMIT) return invalid();
    }
    total += value;
    if (total > LIMIT) return invalid();
  }
  if (negative) return { ok: true, nanos: -total };
  if (total > LIMIT - 1n) return invalid();
  return { ok: true, nanos: total };
}
