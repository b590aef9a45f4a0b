// Chart.js, registered once with only what the app draws (bars and lines on
// a category axis), so the bundle carries no other controller, element or
// plugin. Colours are read from the app's CSS variables when a chart is
// drawn, so light and dark themes both read well; nothing is animated.

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export { Chart };

/** A CSS variable of the page's theme ("--accent"), as the browser resolves it now. */
export function themeColour(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** The colours a chart's series take, in order (each with words in the table beside it). */
export const SERIES = ['--accent', '--warn', '--info', '--danger', '--ok'];
