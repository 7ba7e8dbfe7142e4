/** "3–6 days" and the date range it means from `from`, for shipping options and the confirmation. */
export function deliveryWindow(
  minDays: number,
  maxDays: number,
  from = new Date(),
): { days: string; dates: string } {
  const days =
    minDays === maxDays ? `${minDays} ${minDays === 1 ? "day" : "days"}` : `${minDays}–${maxDays} days`;
  const add = (n: number) => new Date(from.getFullYear(), from.getMonth(), from.getDate() + n);
  const fmt = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric" });
  const dates =
    minDays === maxDays
      ? fmt.format(add(minDays))
      : `${fmt.format(add(minDays))} – ${fmt.format(add(maxDays))}`;
  return { days, dates };
}
