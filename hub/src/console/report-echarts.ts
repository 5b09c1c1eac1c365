/**
 * The parts of Apache ECharts the report charts use (bar and line charts, grid, axes, tooltip,
 * legend, aria, SVG renderer), registered once; imported lazily by xz-report-chart so that only
 * the reports pages load it.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export { init };
