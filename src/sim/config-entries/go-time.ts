// Go's time.Parse(time.RFC3339, s) as far as accepting a string or naming why it fails (the texts
// mapstructure's string-to-time hook produces).

/** Outcome of parsing an RFC 3339 time the way Go does. */
export type TimeParse = { readonly ok: true } | { readonly ok: false; readonly message: string };

const LAYOUT = '2006-01-02T15:04:05Z07:00';

function cannot(elem: string): TimeParse {
  return { ok: false, message: `parsing time as "${LAYOUT}": cannot parse as "${elem}"` };
}

function outOfRange(what: string): TimeParse {
  return { ok: false, message: `parsing time : ${what} out of range` };
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses `value` with Go's RFC 3339 layout; on failure gives the error text mapstructure reports. */
export function parseRfc3339(value: string): TimeParse {
  let rest = value;
  const digits = (n: number): number | null => {
    const part = rest.slice(0, n);
    if (part.length !== n || !/^\d+$/.test(part)) return null;
    rest = rest.slice(n);
    return Number(part);
  };
  const literal = (text: string): boolean => {
    if (!rest.startsWith(text)) return false;
    rest = rest.slice(text.length);
    return true;
  };
  const year = digits(4);
  if (year === null) return cannot('2006');
  if (!literal('-')) return cannot('-');
  const month = digits(2);
  if (month === null) return cannot('01');
  if (month < 1 || month > 12) return outOfRange('month');
  if (!literal('-')) return cannot('-');
  const day = digits(2);
  if (day === null) return cannot('02');
  if (!literal('T')) return cannot('T');
  const hourMatch = /^\d{1,2}/.exec(rest);
  if (!hourMatch) return cannot('15');
  rest = rest.slice(hourMatch[0].length);
  if (Number(hourMatch[0]) >= 24) return outOfRange('hour');
  if (!literal(':')) return cannot(':');
  const minute = digits(2);
  if (minute === null) return cannot('04');
  if (minute >= 60) return outOfRange('minute');
  if (!literal(':')) return cannot(':');
  const second = digits(2);
  if (second === null) return cannot('05');
  if (second >= 60) return outOfRange('second');
  const fraction = /^[.,]\d+/.exec(rest);
  if (fraction) rest = rest.slice(fraction[0].length);
  if (!literal('Z')) {
    if (!/^[+-]\d\d:\d\d/.test(rest)) return cannot('Z07:00');
    rest = rest.slice(6);
  }
  if (rest !== '') return { ok: false, message: `parsing time : extra text: ${JSON.stringify(rest)}` };
  if (day < 1 || day > daysIn(month, year)) return outOfRange('day');
  return { ok: true };
}
