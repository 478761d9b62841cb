/** Small pieces every view of a signal shares: its side, its outcome, its confidence. */
import { Badge, type Tone } from "../../../components/Badge";
import { formatPercent } from "../../../lib/format";
import { statusOf, type Signal } from "../filters";

/** Long or short: the word is always there, the colour and arrow only repeat it. */
export function SideLabel({ side }: { side: string | null | undefined }) {
  if (!side) return <span className="muted">—</span>;
  const long = side === "long";
  return (
    <span className={long ? "up" : "down"}>
      <span aria-hidden="true">{long ? "▲ " : "▼ "}</span>
      {long ? "Long" : "Short"}
    </span>
  );
}

const OUTCOMES: Record<string, { label: string; tone: Tone }> = {
  open: { label: "Open", tone: "pending" },
  target_hit: { label: "Target hit", tone: "ok" },
  stop_hit: { label: "Stop hit", tone: "fail" },
  expired: { label: "Expired", tone: "neutral" },
  sealed: { label: "Sealed", tone: "info" },
};

export function outcomeLabel(status: string): string {
  return OUTCOMES[status]?.label ?? status;
}

/** Open, Target hit, Stop hit, Expired or Sealed (a delayed plan's commitment only). */
export function OutcomeBadge({ signal }: { signal: Signal }) {
  const status = statusOf(signal);
  const o = OUTCOMES[status] ?? { label: status, tone: "neutral" as Tone };
  return (
    <Badge tone={o.tone}>
      {status === "sealed" && <LockIcon />}
      {o.label}
    </Badge>
  );
}

export function confidenceText(c: number | null | undefined): string {
  return formatPercent(c, 0);
}

/** A padlock drawn inline: emoji fonts are not everywhere. */
function LockIcon() {
  return (
    <svg width="10" height="11" viewBox="0 0 10 11" aria-hidden="true" style={{ marginRight: 4, verticalAlign: -1 }}>
      <rect x="1" y="5" width="8" height="6" rx="1" fill="currentColor" />
      <path d="M3 5V3.5a2 2 0 0 1 4 0V5" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}
