//! Line charts as SVG (pure Rust, no system libraries).

use std::path::Path;

use plotters::prelude::*;

/// Draws `series` (label, points) into an SVG file at `path`.
pub fn lines(
	path: &Path,
	title: &str,
	y_label: &str,
	series: &[(String, Vec<(u32, f64)>)],
) -> Result<(), String> {
	let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
	let root = SVGBackend::new(path, (1000, 600)).into_drawing_area();
	root.fill(&WHITE).map_err(|e| err(&e))?;
	let x_max = series.iter().flat_map(|(_, s)| s.iter().map(|p| p.0)).max().unwrap_or(1).max(1);
	let (mut y_min, mut y_max) = series
		.iter()
		.flat_map(|(_, s)| s.iter().map(|p| p.1))
		.fold((0f64, 0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
	if y_max <= y_min {
		y_max = y_min + 1.0;
	}
	let pad = (y_max - y_min) * 0.05;
	y_min -= if y_min < 0.0 { pad } else { 0.0 };
	y_max += pad;
	let mut chart = ChartBuilder::on(&root)
		.caption(title, ("sans-serif", 20))
		.margin(12)
		.x_label_area_size(40)
		.y_label_area_size(90)
		.build_cartesian_2d(0u32..x_max, y_min..y_max)
		.map_err(|e| err(&e))?;
	chart.configure_mesh().x_desc("block").y_desc(y_label).draw().map_err(|e| err(&e))?;
	for (i, (label, points)) in series.iter().enumerate() {
		let color = Palette99::pick(i).to_rgba();
		chart
			.draw_series(LineSeries::new(points.iter().copied(), color.stroke_width(2)))
			.map_err(|e| err(&e))?
			.label(label.clone())
			.legend(move |(x, y)| {
				PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
			});
	}
	chart
		.configure_series_labels()
		.background_style(WHITE.mix(0.8))
		.border_style(BLACK)
		.draw()
		.map_err(|e| err(&e))?;
	root.present().map_err(|e| err(&e))
}
