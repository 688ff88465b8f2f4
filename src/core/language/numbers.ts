// Whole numbers as people read them in messages: 4,000, not 4000. Written out rather than
// `toLocaleString('en-US')`: the first Intl number format in a process loads ICU's number data
// (about 18 ms), and several of these messages are built when their modules load, at start.

/** An integer with a comma between each group of three digits. */
export function grouped(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  return (n < 0 ? '-' : '') + digits.replace(/\B(?=(\d{3})+$)/g, ',');
}
