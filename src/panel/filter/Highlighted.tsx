/** Text with some ranges marked: plain text nodes and <mark> elements only, never HTML. */
export interface Range {
  start: number;
  end: number;
}

export function Highlighted({ text, ranges }: { text: string; ranges?: readonly Range[] | undefined }) {
  if (!ranges || ranges.length === 0) return <>{text}</>;
  const out = [];
  let at = 0;
  for (const r of ranges) {
    const start = Math.max(r.start, at);
    const end = Math.min(r.end, text.length);
    if (end <= start) continue;
    if (start > at) out.push(text.slice(at, start));
    out.push(
      <mark key={start} class="ss-hl">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < text.length) out.push(text.slice(at));
  return <>{out}</>;
}
