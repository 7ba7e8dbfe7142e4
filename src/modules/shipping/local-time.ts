const DAY_MS = 86_400_000;

/**
 * One formatter per time zone: building an Intl.DateTimeFormat loads ICU zone data and costs far
 * more than formatting, and every cart read estimates delivery and pickup dates.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The local calendar day of `at` in `timeZone` as whole UTC days since the epoch (so no time
 * zone or DST can shift later day arithmetic), and the local time as "HH:MM".
 */
export function localDateTime(at: Date, timeZone: string): LocalDateTime {
  // Every estimate of a cart read asks for the same minute: formatting it once per zone and
  // minute spares most formatToParts calls (zone offsets are whole minutes, so the answer holds
  // for the whole minute).
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastByZone.get(timeZone);
  if (last?.minute === minute) return last.value;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = "";
  let clock = "";
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === "year") year = Number(part.value);
    else if (part.type === "month") month = Number(part.value);
    else if (part.type === "day") day = Number(part.value);
    else if (part.type === "hour") hour = part.value;
    else if (part.type === "minute") clock = part.value;
  }
  const value = Object.freeze({ day: Date.UTC(year, month - 1, day) / DAY_MS, time: `${hour}:${clock}` });
  lastByZone.set(timeZone, { minute, value });
  return value;
}

export interface LocalDateTime {
  readonly day: number;
  readonly time: string;
}

const lastByZone = new Map<string, { minute: number; value: LocalDateTime }>();
