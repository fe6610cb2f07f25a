export type Margin = { top: number; right: number; bottom: number; left: number };

export function innerSize(width: number, height: number, margin: Margin) {
  return {
    innerWidth: Math.max(0, width - margin.left - margin.right),
    innerHeight: Math.max(0, height - margin.top - margin.bottom),
  };
}
