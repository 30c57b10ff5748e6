//! SVG charts for `report.html`, drawn with plotters' SVG backend (no fonts or network needed;
//! text is left to the browser). Each function returns one `<svg>` element as a string.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::stats::Interval;

/// Tableau 10, the colours of the classes / series in order.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(0x4e, 0x79, 0xa7),
    RGBColor(0xf2, 0x8e, 0x2b),
    RGBColor(0xe1, 0x57, 0x59),
    RGBColor(0x76, 0xb7, 0xb2),
    RGBColor(0x59, 0xa1, 0x4f),
    RGBColor(0xed, 0xc9, 0x48),
    RGBColor(0xb0, 0x7a, 0xa1),
    RGBColor(0xff, 0x9d, 0xa7),
    RGBColor(0x9c, 0x75, 0x5f),
    RGBColor(0xba, 0xb0, 0xac),
];

pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The colour of class `i` named `name`: `neutral` and `none` are grey, so the classes that take
/// a side or carry a frame stand out.
pub fn class_color(i: usize, name: &str) -> RGBColor {
    match name {
        "neutral" | "none" | "non-biased" => RGBColor(0xbb, 0xbb, 0xbb),
        _ => color(i),
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;
type ShareChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Runs `draw` on a white `size` canvas and returns the `<svg>` element. A drawing error leaves
/// the chart incomplete rather than failing the report: the tables carry the same numbers.
fn render_svg(size: (u32, u32), draw: impl FnOnce(&Area<'_>) -> DrawResult) -> String {
    let mut svg = String::new();
    {
        let root: Area<'_> = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let _ = root.fill(&WHITE).and_then(|()| draw(&root));
        let _ = root.present();
    }
    // The backend writes an XML declaration only for files; keep just the element.
    match svg.find("<svg") {
        Some(i) => svg[i..].to_string(),
        None => svg,
    }
}

/// The axes the share charts have in common: `n` groups along x, a 0–100% y axis named `y_desc`,
/// room on the right for the legend.
fn share_chart<'a, 'b>(
    root: &'a Area<'b>,
    title: &str,
    n: usize,
    legend_width: u32,
    y_desc: &str,
) -> Result<ShareChart<'a, 'b>, DrawingAreaErrorKind<std::io::Error>> {
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 16))
        .margin(10)
        .margin_right(legend_width + 10)
        .margin_bottom(40)
        .y_label_area_size(45)
        .build_cartesian_2d(0.0..n.max(1) as f64, 0.0..1.0)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_x_axis()
        .light_line_style(WHITE)
        .y_desc(y_desc)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .draw()?;
    Ok(chart)
}

fn short(name: &str) -> String {
    const MAX: usize = 16;
    if name.chars().count() <= MAX {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(MAX - 1).collect();
        s.push('…');
        s
    }
}

fn chart_width(groups: usize, per_group: u32) -> u32 {
    (180 + per_group * groups as u32).clamp(480, 1400)
}

/// Draws category names under the x positions `i + 0.5` of a chart whose x runs over `0..n`.
fn category_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    names: &[String],
    y: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = TextStyle::from(("sans-serif", 12).into_font())
        .pos(Pos::new(HPos::Center, VPos::Top))
        .color(&BLACK);
    for (i, name) in names.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(i as f64 + 0.5, y));
        root.draw(&Text::new(short(name), (px, py + 6), style.clone()))?;
    }
    Ok(())
}

/// One stacked bar per group: the shares of `classes` (each group's values sum to 1).
pub fn stacked_shares(
    title: &str,
    groups: &[String],
    classes: &[String],
    shares: &[Vec<f64>],
) -> String {
    let width = chart_width(groups.len(), 70) + 140;
    render_svg((width, 360), |root| {
        draw_stacked(root, title, groups, classes, shares)
    })
}

fn draw_stacked(
    root: &Area<'_>,
    title: &str,
    groups: &[String],
    classes: &[String],
    shares: &[Vec<f64>],
) -> DrawResult {
    let mut chart = share_chart(root, title, groups.len(), 140, "share of sentences")?;
    for (c, class) in classes.iter().enumerate() {
        let col = class_color(c, class);
        let bars = shares.iter().enumerate().filter_map(|(g, s)| {
            let below: f64 = s[..c].iter().filter(|v| v.is_finite()).sum();
            let v = s[c];
            (v.is_finite() && v > 0.0).then(|| {
                Rectangle::new(
                    [(g as f64 + 0.15, below), (g as f64 + 0.85, below + v)],
                    col.filled(),
                )
            })
        });
        chart.draw_series(bars)?;
    }
    let items: Vec<(String, ShapeStyle)> = classes
        .iter()
        .enumerate()
        .map(|(c, class)| (class.clone(), class_color(c, class).filled()))
        .collect();
    legend(root, width_of(root) as i32 - 140, 40, &items)?;
    category_labels(root, &chart, groups, 0.0)
}

/// A legend drawn on the root area (outside the plot, so nothing clips it): a swatch and a name
/// per item, top to bottom from `(x, y)`.
fn legend(root: &Area<'_>, x: i32, y: i32, items: &[(String, ShapeStyle)]) -> DrawResult {
    let style = TextStyle::from(("sans-serif", 12).into_font())
        .pos(Pos::new(HPos::Left, VPos::Center))
        .color(&BLACK);
    for (i, (name, fill)) in items.iter().enumerate() {
        let yi = y + 18 * i as i32;
        root.draw(&Rectangle::new([(x, yi - 6), (x + 12, yi + 6)], *fill))?;
        root.draw(&Text::new(short(name), (x + 18, yi), style.clone()))?;
    }
    Ok(())
}

fn width_of(root: &Area<'_>) -> u32 {
    root.dim_in_pixel().0
}

/// One series of [`shares_with_intervals`].
pub struct IntervalSeries {
    pub name: String,
    pub color: RGBColor,
    /// Per group.
    pub values: Vec<Interval>,
    /// Lighter fill (e.g. the gold labels next to the predictions).
    pub light: bool,
}

impl IntervalSeries {
    fn fill(&self) -> ShapeStyle {
        if self.light {
            self.color.mix(0.35).filled()
        } else {
            self.color.filled()
        }
    }
}

/// Bars of each series per group with 95% interval whiskers.
pub fn shares_with_intervals(title: &str, groups: &[String], series: &[IntervalSeries]) -> String {
    let per_group = (series.len() as u32 * 22).max(60);
    let width = chart_width(groups.len(), per_group) + 160;
    render_svg((width, 380), |root| {
        draw_intervals(root, title, groups, series)
    })
}

fn draw_intervals(
    root: &Area<'_>,
    title: &str,
    groups: &[String],
    series: &[IntervalSeries],
) -> DrawResult {
    let mut chart = share_chart(root, title, groups.len(), 160, "share (95% CI)")?;
    let s_n = series.len().max(1) as f64;
    let w = 0.8 / s_n;
    for (s, ser) in series.iter().enumerate() {
        let fill = ser.fill();
        let x0 = |g: usize| g as f64 + 0.1 + s as f64 * w;
        let bars = ser
            .values
            .iter()
            .enumerate()
            .filter(|(_, iv)| iv.estimate.is_finite())
            .map(|(g, iv)| Rectangle::new([(x0(g), 0.0), (x0(g) + w * 0.9, iv.estimate)], fill));
        chart.draw_series(bars)?;
        let whiskers = ser
            .values
            .iter()
            .enumerate()
            .filter(|(_, iv)| iv.low.is_finite() && iv.high.is_finite())
            .map(|(g, iv)| {
                let xc = x0(g) + w * 0.45;
                let cap = w * 0.2;
                PathElement::new(
                    vec![
                        (xc - cap, iv.low),
                        (xc + cap, iv.low),
                        (xc, iv.low),
                        (xc, iv.high),
                        (xc - cap, iv.high),
                        (xc + cap, iv.high),
                    ],
                    BLACK.stroke_width(1),
                )
            });
        chart.draw_series(whiskers)?;
    }
    let items: Vec<(String, ShapeStyle)> = series
        .iter()
        .map(|ser| (ser.name.clone(), ser.fill()))
        .collect();
    legend(root, width_of(root) as i32 - 160, 40, &items)?;
    category_labels(root, &chart, groups, 0.0)
}

/// Confusion matrix heat map: rows gold, columns predicted, shaded by the row share.
pub fn confusion_heatmap(title: &str, classes: &[String], confusion: &[Vec<usize>]) -> String {
    let k = classes.len().max(1);
    let side = (60 * k as u32 + 200).clamp(360, 900);
    render_svg((side, side), |root| {
        draw_heatmap(root, title, classes, confusion)
    })
}

fn draw_heatmap(
    root: &Area<'_>,
    title: &str,
    classes: &[String],
    confusion: &[Vec<usize>],
) -> DrawResult {
    let k = classes.len().max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 16))
        .margin(10)
        .margin_bottom(50)
        .margin_left(110)
        .build_cartesian_2d(0.0..k, 0.0..k)?;
    let base = color(0);
    for (g, row) in confusion.iter().enumerate() {
        let total: usize = row.iter().sum();
        let y = k - g as f64 - 1.0;
        for (p, &n) in row.iter().enumerate() {
            let share = if total > 0 {
                n as f64 / total as f64
            } else {
                0.0
            };
            let fill = base.mix(0.08 + 0.92 * share).filled();
            chart.draw_series(std::iter::once(Rectangle::new(
                [(p as f64, y), (p as f64 + 1.0, y + 1.0)],
                fill,
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(p as f64, y), (p as f64 + 1.0, y + 1.0)],
                WHITE.stroke_width(1),
            )))?;
            let text_color = if share > 0.5 { WHITE } else { BLACK };
            let style = TextStyle::from(("sans-serif", 12).into_font())
                .pos(Pos::new(HPos::Center, VPos::Center))
                .color(&text_color);
            chart.draw_series(std::iter::once(Text::new(
                format!("{n}"),
                (p as f64 + 0.5, y + 0.5),
                style,
            )))?;
        }
    }
    category_labels(root, &chart, classes, 0.0)?;
    let style = TextStyle::from(("sans-serif", 12).into_font())
        .pos(Pos::new(HPos::Right, VPos::Center))
        .color(&BLACK);
    for (g, name) in classes.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(0.0, k - g as f64 - 0.5));
        root.draw(&Text::new(short(name), (px - 6, py), style.clone()))?;
    }
    let (w, h) = root.dim_in_pixel();
    let grey = BLACK.mix(0.7);
    let axis = TextStyle::from(("sans-serif", 12).into_font())
        .pos(Pos::new(HPos::Center, VPos::Bottom))
        .color(&grey);
    root.draw(&Text::new(
        "predicted →",
        (w as i32 / 2 + 50, h as i32 - 8),
        axis.clone(),
    ))?;
    root.draw(&Text::new("gold ↓", (40, 40), axis))?;
    Ok(())
}

/// One bin of a reliability diagram.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReliabilityBin {
    pub low: f64,
    pub high: f64,
    pub n: usize,
    /// Mean top-label probability of the rows in the bin.
    pub confidence: f64,
    /// Share of those rows predicted correctly.
    pub accuracy: f64,
}

/// Reliability diagram: accuracy against mean confidence per bin, with the diagonal.
pub fn reliability_diagram(title: &str, bins: &[ReliabilityBin]) -> String {
    render_svg((460, 420), |root| draw_reliability(root, title, bins))
}

fn draw_reliability(root: &Area<'_>, title: &str, bins: &[ReliabilityBin]) -> DrawResult {
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(45)
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_desc("confidence (top-label probability)")
        .y_desc("accuracy")
        .draw()?;
    chart.draw_series(bins.iter().filter(|b| b.n > 0).map(|b| {
        Rectangle::new(
            [(b.low, 0.0), (b.high, b.accuracy)],
            color(0).mix(0.45).filled(),
        )
    }))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (1.0, 1.0)],
        BLACK.mix(0.5).stroke_width(1),
    )))?;
    chart.draw_series(
        bins.iter()
            .filter(|b| b.n > 0)
            .map(|b| Circle::new((b.confidence, b.accuracy), 4, color(2).filled())),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contents of the `<text>` elements.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let body = &t[t.find('>')? + 1..];
                Some(body[..body.find("</text>")?].trim().to_string())
            })
            .collect()
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn stacked_bars_draw_one_rect_per_nonzero_share_and_a_legend() {
        let svg = stacked_shares(
            "frame",
            &names(&["A", "B"]),
            &names(&["x", "y"]),
            &[vec![0.25, 0.75], vec![1.0, 0.0]],
        );
        assert!(svg.starts_with("<svg"), "{}", &svg[..60]);
        assert!(
            svg.contains("fill=\"#4E79A7\"") || svg.contains("#4e79a7"),
            "{svg}"
        );
        let texts = texts(&svg);
        for text in ["A", "B", "x", "y", "frame"] {
            assert!(texts.iter().any(|t| t == text), "{text} missing: {texts:?}");
        }
        // Background, 3 non-zero bars, 2 legend boxes (and the legend frame).
        let bars = svg.matches("<rect").count();
        assert!((6..=8).contains(&bars), "{bars} rects");
    }

    #[test]
    fn heatmap_writes_every_count() {
        let svg = confusion_heatmap("c", &names(&["a", "b"]), &[vec![7, 1], vec![2, 9]]);
        let texts = texts(&svg);
        for n in ["7", "1", "2", "9"] {
            assert!(texts.iter().any(|t| t == n), "{n} missing: {texts:?}");
        }
    }
}
