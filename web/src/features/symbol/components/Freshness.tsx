/** How current the bars are: the newest bar's day, and a warning when no provider could confirm them. */
import { Badge } from "../../../components/Badge";
import { formatBarDate, formatRelative } from "../../../lib/format";
import type { Bars } from "../api/queries";

export function Freshness({ bars }: { bars: Bars }) {
  if (bars.as_of == null) return <Badge tone="neutral">No data</Badge>;
  const synced = bars.synced_at != null ? `; synced ${formatRelative(bars.synced_at * 1000)}` : "";
  return bars.stale ? (
    <span title={`No provider answered just now; these are the stored bars${synced}.`}>
      <Badge tone="pending">Stale · as of {formatBarDate(bars.as_of)}</Badge>
    </span>
  ) : (
    <span title={`Confirmed by the data provider${synced}.`}>
      <Badge tone="ok">As of {formatBarDate(bars.as_of)}</Badge>
    </span>
  );
}
