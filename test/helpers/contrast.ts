const canvas = document.createElement('canvas');
canvas.width = canvas.height = 1;
const context = canvas.getContext('2d', { willReadFrequently: true })!;

/** Any colour a computed style holds (rgb(), color(xyz-d65 …), oklch() …) as sRGB bytes, alpha dropped. */
export function toRgb(color: string): [number, number, number] {
  context.clearRect(0, 0, 1, 1);
  context.fillStyle = '#000';
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);
  const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
  return [r!, g!, b!];
}

/** WCAG 2 relative luminance. */
export function luminance(color: string): number {
  const [r, g, b] = toRgb(color).map(v => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The text colour and background colour an element shows, as computed. */
export function inkOn(el: Element): { color: string; background: string } {
  const style = getComputedStyle(el);
  return { color: style.color, background: style.backgroundColor };
}

/** The first colour in a computed `box-shadow`. */
export const shadowColor = (el: Element): string => /^(rgba?\([^)]*\)|color\([^)]*\))/.exec(getComputedStyle(el).boxShadow)?.[1] ?? 'transparent';
