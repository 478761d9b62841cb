/** Chart colours, read from the theme's CSS custom properties (styles.css). */
export interface ChartPalette {
  background: string;
  text: string;
  grid: string;
  accent: string;
  up: string;
  down: string;
  upSoft: string;
  downSoft: string;
  muted: string;
  series1: string;
  series2: string;
  series3: string;
  series4: string;
}

export function chartPalette(): ChartPalette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v("--bg-raised", "#161b22"),
    text: v("--text-muted", "#8b949e"),
    grid: v("--chart-grid", "#21262d"),
    accent: v("--accent", "#58a6ff"),
    up: v("--up", "#26a69a"),
    down: v("--down", "#ef5350"),
    upSoft: v("--up-soft", "rgba(38,166,154,0.45)"),
    downSoft: v("--down-soft", "rgba(239,83,80,0.45)"),
    muted: v("--text-muted", "#8b949e"),
    series1: v("--series-1", "#58a6ff"),
    series2: v("--series-2", "#d29922"),
    series3: v("--series-3", "#a371f7"),
    series4: v("--series-4", "#3fb950"),
  };
}
