/** A calm placeholder swatch until the catalog has images: a hue derived from the handle. */
export function ProductArt({ handle, title }: { handle: string; title: string }) {
  let hash = 0;
  for (const ch of handle) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return (
    <div
      className="product-art"
      style={{ background: `hsl(${hue} 30% 92%)`, color: `hsl(${hue} 25% 35%)` }}
      aria-hidden="true"
    >
      {title
        .split(/\s+/)
        .slice(0, 2)
        .map((w) => w[0])
        .join("")}
    </div>
  );
}
