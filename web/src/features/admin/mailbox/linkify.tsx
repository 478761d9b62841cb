import type { ReactNode } from "react";

/** http(s) addresses; trailing punctuation is left outside the link. */
const URL_RE = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** Plain text with its web addresses turned into links (nothing else is interpreted). */
export function linkify(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index;
    if (start > last) out.push(text.slice(last, start));
    out.push(
      <a key={start} href={m[0]} target="_blank" rel="noreferrer">
        {m[0]}
      </a>,
    );
    last = start + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
