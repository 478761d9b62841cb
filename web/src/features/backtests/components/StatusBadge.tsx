import { Badge, type Tone } from "../../../components/Badge";

const TONES: Record<string, Tone> = { queued: "pending", running: "info", done: "ok", failed: "fail" };
const WORDS: Record<string, string> = { queued: "Queued", running: "Running", done: "Done", failed: "Failed" };

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status] ?? "neutral"}>{WORDS[status] ?? status}</Badge>;
}
