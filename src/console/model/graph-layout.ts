/**
 * A small deterministic force-directed layout (Fruchterman–Reingold style):
 * the same graph is always drawn the same way, so screenshots and tests are
 * stable.
 * @module
 */

/** A point in the drawing. */
export interface Point {
  x: number
  y: number
}

/** Positions for `nodeIds` inside `width`×`height`, keeping `margin` clear. */
export function layoutGraph(
  nodeIds: readonly string[],
  edges: readonly { from: string; to: string }[],
  size: { width: number; height: number; margin: number },
  iterations = 300,
): Map<string, Point> {
  const n = nodeIds.length
  const positions = new Map<string, Point>()
  if (n === 0) return positions
  const { width, height, margin } = size
  const innerW = Math.max(1, width - 2 * margin)
  const innerH = Math.max(1, height - 2 * margin)
  const index = new Map(nodeIds.map((id, i) => [id, i]))
  // Start on a circle (deterministic), then let forces untangle it.
  const xs = nodeIds.map((_, i) => Math.cos((2 * Math.PI * i) / n) * innerW * 0.4)
  const ys = nodeIds.map((_, i) => Math.sin((2 * Math.PI * i) / n) * innerH * 0.4)
  const links = edges
    .map((edge) => [index.get(edge.from), index.get(edge.to)] as const)
    .filter(
      (pair): pair is readonly [number, number] => pair[0] !== undefined && pair[1] !== undefined,
    )
  const k = Math.sqrt((innerW * innerH) / n) * 0.8
  let temperature = Math.min(innerW, innerH) / 8
  for (let step = 0; step < iterations; step += 1) {
    const dx = new Array<number>(n).fill(0)
    const dy = new Array<number>(n).fill(0)
    for (let i = 0; i < n; i += 1) {
      for (let j = i + 1; j < n; j += 1) {
        let ex = (xs[i] as number) - (xs[j] as number)
        let ey = (ys[i] as number) - (ys[j] as number)
        let d = Math.hypot(ex, ey)
        if (d < 0.01) {
          ex = 0.01 * (i - j)
          ey = 0.01
          d = Math.hypot(ex, ey)
        }
        const force = (k * k) / d
        dx[i] = (dx[i] as number) + (ex / d) * force
        dy[i] = (dy[i] as number) + (ey / d) * force
        dx[j] = (dx[j] as number) - (ex / d) * force
        dy[j] = (dy[j] as number) - (ey / d) * force
      }
    }
    for (const [a, b] of links) {
      const ex = (xs[a] as number) - (xs[b] as number)
      const ey = (ys[a] as number) - (ys[b] as number)
      const d = Math.max(0.01, Math.hypot(ex, ey))
      const force = (d * d) / k
      dx[a] = (dx[a] as number) - (ex / d) * force
      dy[a] = (dy[a] as number) - (ey / d) * force
      dx[b] = (dx[b] as number) + (ex / d) * force
      dy[b] = (dy[b] as number) + (ey / d) * force
    }
    for (let i = 0; i < n; i += 1) {
      // A weak pull to the centre keeps unconnected nodes from drifting off.
      dx[i] = (dx[i] as number) - (xs[i] as number) * 0.05
      dy[i] = (dy[i] as number) - (ys[i] as number) * 0.05
      const d = Math.max(0.01, Math.hypot(dx[i] as number, dy[i] as number))
      const move = Math.min(d, temperature)
      // Clamped to the frame, so one far node cannot squeeze the rest into a corner.
      xs[i] = clamp((xs[i] as number) + ((dx[i] as number) / d) * move, innerW / 2)
      ys[i] = clamp((ys[i] as number) + ((dy[i] as number) / d) * move, innerH / 2)
    }
    temperature = Math.max(0.5, temperature * 0.98)
  }
  nodeIds.forEach((id, i) => {
    positions.set(id, {
      x: margin + innerW / 2 + (xs[i] as number),
      y: margin + innerH / 2 + (ys[i] as number),
    })
  })
  return positions
}

function clamp(value: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, value))
}
