//! Charts drawn as vector graphics on the page — bars and lines on a scale
//! with gridlines and labelled axes — so they print sharp at any size and
//! their numbers stay text a reader (and `pdftotext`) gets back. Every chart
//! is printed with a table of its numbers beside it by its caller.

use super::layout::{Writer, SMALL};

/// The series' colour: a dark teal that prints as a mid grey in black and white.
pub(super) const ACCENT: [f32; 3] = [0.10, 0.45, 0.50];
/// A target's colour: a dark orange, apart from the series in grey too.
pub(super) const TARGET: [f32; 3] = [0.72, 0.33, 0.05];

/// Room left of the plot for the scale's labels.
const SCALE_WIDTH: f32 = 34.0;
/// Room under the plot for the points' labels.
const LABEL_ROOM: f32 = 14.0;

/// One point of a chart: its label under the axis, its value (`None`: no
/// data, left out), and the value as printed above it.
pub(super) struct Point {
    pub label: String,
    pub value: Option<f64>,
    pub text: String,
}

/// The scale: from `min` to `max`, with a gridline at each tick.
pub(super) struct Scale {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<(f64, String)>,
}

impl Scale {
    /// 0 to 100 percent, a line every 25.
    pub fn percent() -> Scale {
        Scale {
            min: 0.0,
            max: 100.0,
            ticks: (0..=4)
                .map(|i| (f64::from(i * 25), format!("{}%", i * 25)))
                .collect(),
        }
    }

    /// The rating scale, 1 to 5.
    pub fn ratings() -> Scale {
        Scale {
            min: 1.0,
            max: 5.0,
            ticks: (1..=5).map(|i| (f64::from(i), i.to_string())).collect(),
        }
    }

    /// From 0 to a round number at or above `most`, four or five lines.
    pub fn counts(most: f64) -> Scale {
        let most = most.max(1.0);
        let step = [
            1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0,
        ]
        .into_iter()
        .find(|s| most / s <= 5.0)
        .unwrap_or((most / 5.0).ceil());
        let top = (most / step).ceil() * step;
        let n = (top / step) as u32;
        Scale {
            min: 0.0,
            max: top,
            ticks: (0..=n)
                .map(|i| {
                    let v = f64::from(i) * step;
                    (v, format!("{v}"))
                })
                .collect(),
        }
    }
}

/// Where the plot is on the page, and how a value maps onto it.
struct Plot {
    left: f32,
    right: f32,
    bottom: f32,
    height: f32,
    min: f64,
    max: f64,
}

impl Plot {
    fn y(&self, v: f64) -> f32 {
        let span = (self.max - self.min).max(f64::EPSILON);
        let t = ((v - self.min) / span).clamp(0.0, 1.0);
        self.bottom + (t as f32) * self.height
    }
}

/// The frame: the scale's gridlines and labels, and the axis.
fn frame(w: &mut Writer, scale: &Scale, height: f32) -> Plot {
    w.ensure(height + LABEL_ROOM + 16.0);
    w.space(8.0);
    let top = w.y();
    let plot = Plot {
        left: w.left() + SCALE_WIDTH,
        right: w.right(),
        bottom: top - height,
        height,
        min: scale.min,
        max: scale.max,
    };
    for (v, text) in &scale.ticks {
        let y = plot.y(*v);
        w.line(plot.left, y, plot.right, y, 0.3, 0.82);
        let x = plot.left - 4.0 - w.width_of(text, SMALL);
        w.text_at(x, y + SMALL.size * 0.65, text, SMALL);
    }
    w.line(plot.left, plot.bottom, plot.right, plot.bottom, 0.6, 0.3);
    plot
}

/// Moves the writer below the chart and its labels.
fn below(w: &mut Writer, plot: &Plot) {
    let drop = w.y() - plot.bottom + LABEL_ROOM + 4.0;
    w.space(drop);
}

/// Every how many points a label (and a value) is written: all of them up
/// to a dozen, then evenly spaced ones, the last always among them, so that
/// a long series stays legible.
fn every(points: usize) -> usize {
    points.div_ceil(12).max(1)
}

fn labelled(i: usize, n: usize) -> bool {
    let k = every(n);
    i.is_multiple_of(k) || i + 1 == n
}

/// Each labelled point's label centred under its slot, cut to the room
/// it has (its slot and those of the unlabelled points after it).
fn labels(w: &mut Writer, plot: &Plot, points: &[Point], slot: f32) {
    let room = slot * every(points.len()) as f32;
    for (i, p) in points.iter().enumerate() {
        if !labelled(i, points.len()) {
            continue;
        }
        let centre = plot.left + slot * (i as f32 + 0.5);
        let mut label = p.label.clone();
        while w.width_of(&label, SMALL) > room - 2.0 && label.chars().count() > 1 {
            label.pop();
        }
        let x = centre - w.width_of(&label, SMALL) / 2.0;
        w.text_at(x, plot.bottom - 3.0, &label, SMALL);
    }
}

/// Vertical bars, one per point, each with its value above it.
pub(super) fn bars(w: &mut Writer, points: &[Point], scale: &Scale, height: f32) {
    let plot = frame(w, scale, height);
    let slot = (plot.right - plot.left) / points.len().max(1) as f32;
    let bar = (slot * 0.6).min(48.0);
    for (i, p) in points.iter().enumerate() {
        let Some(v) = p.value else {
            continue;
        };
        let centre = plot.left + slot * (i as f32 + 0.5);
        let y = plot.y(v);
        w.fill(centre - bar / 2.0, y, bar, y - plot.bottom, ACCENT);
        if labelled(i, points.len()) {
            let x = centre - w.width_of(&p.text, SMALL) / 2.0;
            w.text_at(x, y + SMALL.size + 2.0, &p.text, SMALL);
        }
    }
    labels(w, &plot, points, slot);
    below(w, &plot);
}

/// A line through the points with data, each value beside its mark; a
/// target, when given, as a dashed-looking line of its own colour.
pub(super) fn line(
    w: &mut Writer,
    points: &[Point],
    scale: &Scale,
    height: f32,
    target: Option<(f64, &str)>,
) {
    let plot = frame(w, scale, height);
    let slot = (plot.right - plot.left) / points.len().max(1) as f32;
    if let Some((t, text)) = target {
        let y = plot.y(t);
        // Short strokes: a target reads as a line apart from the series.
        let mut x = plot.left;
        while x < plot.right {
            let end = (x + 6.0).min(plot.right);
            w.fill(x, y + 0.6, end - x, 1.2, TARGET);
            x += 10.0;
        }
        let width = w.width_of(text, SMALL);
        w.text_at(plot.right - width, y + SMALL.size + 2.0, text, SMALL);
    }
    // A run of points with data is one line; a point without breaks it.
    let mut run: Vec<(f32, f32)> = Vec::new();
    let mut runs: Vec<Vec<(f32, f32)>> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match p.value {
            Some(v) => run.push((plot.left + slot * (i as f32 + 0.5), plot.y(v))),
            None => runs.push(std::mem::take(&mut run)),
        }
    }
    runs.push(run);
    for r in runs.iter().filter(|r| !r.is_empty()) {
        w.polyline(r, 1.6, ACCENT);
    }
    for (i, p) in points.iter().enumerate() {
        let Some(v) = p.value.filter(|_| labelled(i, points.len())) else {
            continue;
        };
        let centre = plot.left + slot * (i as f32 + 0.5);
        let x = centre - w.width_of(&p.text, SMALL) / 2.0;
        w.text_at(x, plot.y(v) + SMALL.size + 4.0, &p.text, SMALL);
    }
    labels(w, &plot, points, slot);
    below(w, &plot);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_series_labels_a_dozen_points_and_always_the_last() {
        assert!((0..12).all(|i| labelled(i, 12)));
        let shown: Vec<usize> = (0..521).filter(|i| labelled(*i, 521)).collect();
        assert!(shown.len() <= 14, "{}", shown.len());
        assert_eq!(shown.last(), Some(&520));
    }

    #[test]
    fn a_count_scale_ends_on_a_round_number_above_the_most() {
        let tops = |most: f64| Scale::counts(most).max;
        assert_eq!(tops(0.0), 1.0);
        assert_eq!(tops(3.0), 3.0);
        assert_eq!(tops(7.0), 8.0);
        assert_eq!(tops(12.0), 15.0);
        assert_eq!(tops(480.0), 500.0);
        assert!(Scale::counts(480.0).ticks.len() <= 6);
    }
}
