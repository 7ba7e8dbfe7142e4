import type { AnalyticsPeakHours } from "../api/types.ts";
import { formatInteger } from "../format.ts";

const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const hours = Array.from({ length: 24 }, (_, h) => h);

/**
 * Orders by hour (UTC) and weekday as a table whose cells are shaded by count: a screen reader
 * reads it as a table, a sighted merchant sees the heatmap. Counts show on hover and to AT.
 */
export function PeakHours({ peak }: { peak: AnalyticsPeakHours }) {
  const counts = new Map(peak.cells.map((c) => [`${c.weekday}-${c.hour}`, c.orders]));
  const max = Math.max(1, ...peak.cells.map((c) => c.orders));
  return (
    <div className="table-scroll">
      <table className="heatmap">
        <caption className="visually-hidden">Orders by weekday and hour of day, UTC</caption>
        <thead>
          <tr>
            <td />
            {hours.map((h) => (
              <th
                key={h}
                scope="col"
                className={h % 3 === 0 ? "heatmap__hour" : "heatmap__hour heatmap__minor"}
              >
                <span aria-hidden={h % 3 !== 0 ? "true" : undefined}>{String(h).padStart(2, "0")}</span>
                {h % 3 !== 0 ? <span className="visually-hidden">{h}:00</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weekdays.map((day, i) => (
            <tr key={day}>
              <th scope="row" className="heatmap__day">
                {day}
              </th>
              {hours.map((h) => {
                const n = counts.get(`${i + 1}-${h}`) ?? 0;
                const level = n === 0 ? 0 : Math.ceil((n / max) * 5);
                return (
                  <td
                    key={h}
                    className={`heatmap__cell heatmap__cell--${level}`}
                    title={`${day} ${h}:00 – ${n} orders`}
                  >
                    <span className="visually-hidden">{formatInteger(n)}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="heatmap__legend" aria-hidden="true">
        Fewer
        {[1, 2, 3, 4, 5].map((l) => (
          <span key={l} className={`heatmap__cell heatmap__cell--${l}`} />
        ))}
        More orders · hours in UTC
      </p>
    </div>
  );
}
