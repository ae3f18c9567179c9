/** VK's size letters by longest side; the double does not resize, so all point at one file. */
const SIZE_TYPES: [string, number][] = [
  ['s', 75],
  ['m', 130],
  ['x', 604],
  ['y', 807],
  ['z', 1280],
  ['w', 2560],
];

export function photoSizes(url: string, width: number, height: number) {
  const longest = Math.max(width, height);
  return SIZE_TYPES.filter(([, side], i) => i === 0 || side <= longest).map(([type, side]) => {
    const scale = Math.min(1, side / longest);
    return { type, url, width: Math.round(width * scale), height: Math.round(height * scale) };
  });
}
