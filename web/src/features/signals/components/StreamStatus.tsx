/** Where the feed's data comes from right now: the stream, or polling. */
import { Badge, type Tone } from "../../../components/Badge";
import type { FeedStatus } from "../api/useLiveSignals";

const LABELS: Record<FeedStatus, { text: string; tone: Tone; title: string }> = {
  live: { text: "Live", tone: "ok", title: "New signals arrive over the stream as they are issued." },
  connecting: { text: "Connecting…", tone: "pending", title: "Opening the stream." },
  reconnecting: {
    text: "Reconnecting…",
    tone: "pending",
    title: "The stream dropped; it resumes where it left off, and the list is polled meanwhile.",
  },
  polling: { text: "Polling", tone: "neutral", title: "The list is refreshed every minute." },
};

export function StreamStatus({ status }: { status: FeedStatus }) {
  const l = LABELS[status];
  return (
    <span role="status" aria-label="Stream status" title={l.title}>
      <Badge tone={l.tone}>
        <span aria-hidden="true">{status === "live" ? "● " : "○ "}</span>
        {l.text}
      </Badge>
    </span>
  );
}
