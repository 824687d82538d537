import type { TimeWindow, Weekday } from './policy-schema.js';

const WEEKDAY_ORDER: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The local weekday and minute of the day of `epochMs` in `timeZone`. */
export function localTime(epochMs: number, timeZone: string): { day: Weekday; minute: number } {
  let weekday = '';
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timeZone).formatToParts(epochMs)) {
    if (part.type === 'weekday') weekday = part.value.toLowerCase().slice(0, 3);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day: weekday as Weekday, minute: hour * 60 + minute };
}

function minutes(clock: string): number {
  const [hours, mins] = clock.split(':');
  return Number(hours) * 60 + Number(mins);
}

/** Whether `epochMs` falls in `window` (from inclusive, to exclusive; overnight windows allowed). */
export function inTimeWindow(epochMs: number, window: TimeWindow): boolean {
  const { day, minute } = localTime(epochMs, window.timeZone);
  const from = minutes(window.from);
  const to = minutes(window.to);
  if (from === to) return window.days.includes(day);
  if (from < to) return window.days.includes(day) && minute >= from && minute < to;
  if (minute >= from) return window.days.includes(day);
  const previous = WEEKDAY_ORDER[(WEEKDAY_ORDER.indexOf(day) + 6) % 7] as Weekday;
  return minute < to && window.days.includes(previous);
}

/** Describes a window for explanations: `mon–fri 08:00–18:00 Europe/Paris`. */
export function describeWindow(window: TimeWindow): string {
  return `${window.days.join(',')} ${window.from}–${window.to} ${window.timeZone}`;
}
