// Draws the synthetic sample's 32×32 RGB images. What is drawn carries both labels a model can learn from:
// - severity 0..3: a calm pastel background with a few soft round shapes at 0; darker, redder backgrounds and more,
//   larger, sharper, more saturated red shapes as severity rises;
// - category: a motif (shape + hue from the category's theme) in the top-left corner and a thin border of that hue.
import type { CategoryTheme } from './sampleContent';

export const IMAGE_SIZE = 32;

type Rgb = [number, number, number];

function hsl(h: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const hp = (((h % 360) + 360) % 360) / 60;
  const x = c * (1 - Math.abs((hp % 2) - 1));
  const [r, g, b] =
    hp < 1 ? [c, x, 0] : hp < 2 ? [x, c, 0] : hp < 3 ? [0, c, x] : hp < 4 ? [0, x, c] : hp < 5 ? [x, 0, c] : [c, 0, x];
  const m = l - c / 2;
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

class Canvas {
  readonly pixels = new Uint8Array(IMAGE_SIZE * IMAGE_SIZE * 3);

  /** Alpha-blends `color` at (x, y) with coverage `alpha` in [0, 1]. */
  blend(x: number, y: number, color: Rgb, alpha: number): void {
    if (x < 0 || y < 0 || x >= IMAGE_SIZE || y >= IMAGE_SIZE || alpha <= 0) return;
    const i = (y * IMAGE_SIZE + x) * 3;
    const a = Math.min(1, alpha);
    for (let k = 0; k < 3; k++) this.pixels[i + k] = Math.round(this.pixels[i + k] * (1 - a) + color[k] * a);
  }

  /** Fills a shape given by a signed "inside" distance function (> 0 inside); `softness` widens the edge ramp. */
  shape(inside: (x: number, y: number) => number, color: Rgb, softness: number): void {
    for (let y = 0; y < IMAGE_SIZE; y++) {
      for (let x = 0; x < IMAGE_SIZE; x++) {
        const d = inside(x + 0.5, y + 0.5);
        this.blend(x, y, color, softness <= 0 ? (d >= 0 ? 1 : 0) : (d + softness) / (2 * softness));
      }
    }
  }
}

function motifDistance(kind: CategoryTheme['motif'], cx: number, cy: number, r: number) {
  return (x: number, y: number): number => {
    const dx = x - cx;
    const dy = y - cy;
    switch (kind) {
      case 'circle':
        return r - Math.hypot(dx, dy);
      case 'square':
        return r - Math.max(Math.abs(dx), Math.abs(dy));
      case 'diamond':
        return r - (Math.abs(dx) + Math.abs(dy));
      case 'cross':
        return Math.max(r - Math.max(Math.abs(dx), Math.abs(dy) * 3), r - Math.max(Math.abs(dx) * 3, Math.abs(dy)));
      case 'triangle':
        return Math.min(dy + r, r - dy - 2 * Math.abs(dx));
    }
  };
}

/**
 * Draws one image. `random` is the generator's seeded stream, so images are deterministic.
 * Returns raw RGB bytes (32 × 32 × 3).
 */
export function drawImage(theme: CategoryTheme, severity: number, random: () => number): Uint8Array {
  const canvas = new Canvas();
  // Background: pale blue-green at severity 0, towards dark red-brown at 3; a vertical gradient for texture.
  const bgHue = 190 - severity * 60 + (random() - 0.5) * 20;
  for (let y = 0; y < IMAGE_SIZE; y++) {
    const color = hsl(bgHue, 0.35 + severity * 0.1, 0.82 - severity * 0.17 - (y / IMAGE_SIZE) * 0.08);
    for (let x = 0; x < IMAGE_SIZE; x++) canvas.blend(x, y, color, 1);
  }
  // Severity shapes: count 1 + 2·severity, radius grows, soft edges at 0 and hard edges at 3.
  const count = 1 + 2 * severity + Math.floor(random() * 2);
  const kinds: CategoryTheme['motif'][] = severity >= 2 ? ['triangle', 'cross', 'diamond'] : ['circle', 'circle', 'square'];
  for (let k = 0; k < count; k++) {
    const r = 2.5 + severity * 1.2 + random() * 2;
    const cx = 10 + random() * 20;
    const cy = 10 + random() * 20;
    // Hue: soft green-blue at 0, orange at 1, crimson at 2–3.
    const hue = severity === 0 ? 120 + random() * 120 : severity === 1 ? 20 + random() * 20 : 345 + random() * 15;
    const color = hsl(hue, 0.4 + severity * 0.18, severity === 0 ? 0.6 : 0.52 - severity * 0.05);
    canvas.shape(motifDistance(kinds[Math.floor(random() * kinds.length)], cx, cy, r), color, 2.5 - severity * 0.8);
  }
  // Category signal: a one-pixel border and a corner motif in the category's hue.
  const motifColor = hsl(theme.hue, 0.85, 0.45);
  for (let i = 0; i < IMAGE_SIZE; i++) {
    canvas.blend(i, 0, motifColor, 1);
    canvas.blend(i, IMAGE_SIZE - 1, motifColor, 1);
    canvas.blend(0, i, motifColor, 1);
    canvas.blend(IMAGE_SIZE - 1, i, motifColor, 1);
  }
  canvas.shape((x, y) => (x < 10 && y < 10 ? 1 : -1), [245, 245, 245], 0);
  canvas.shape(motifDistance(theme.motif, 5.5, 5.5, 3.6), motifColor, 0);
  return canvas.pixels;
}
