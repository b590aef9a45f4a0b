//! Tables whose cells wrap within their columns.

use super::*;

/// A table whose cells wrap within their columns (a row is as tall as its
/// tallest cell and stays on one page), and whose column headings are
/// repeated at the top of every page it continues onto. Columns are a heading
/// and the x offset where the column starts, from the left margin.
pub(crate) struct Table<'c> {
    columns: &'c [(&'c str, f32)],
}

impl<'c> Table<'c> {
    /// Draws the headings, on the page of the first row.
    pub fn new(w: &mut Writer, columns: &'c [(&'c str, f32)]) -> Table<'c> {
        let table = Table { columns };
        let headings: Vec<&str> = columns.iter().map(|(h, _)| *h).collect();
        let first = table.height(w, &headings, STRONG) + BODY.line_height();
        w.ensure(first);
        table.draw(w, &headings, STRONG);
        table
    }

    pub fn row(&self, w: &mut Writer, cells: &[&str]) {
        self.row_in(w, cells, BODY);
    }

    /// A row in `style` (a total in bold).
    pub fn row_in(&self, w: &mut Writer, cells: &[&str], style: Style) {
        if w.ensure(self.height(w, cells, style)) {
            let headings: Vec<&str> = self.columns.iter().map(|(h, _)| *h).collect();
            self.draw(w, &headings, STRONG);
        }
        self.draw(w, cells, style);
    }

    /// Each column's width: to the next column, less a gap; the last to the margin.
    fn width(&self, w: &Writer, i: usize) -> f32 {
        let x = self.columns[i].1;
        self.columns
            .get(i + 1)
            .map_or(w.right() - w.left() - x, |(_, next)| next - x - 6.0)
    }

    fn lines(&self, w: &Writer, cells: &[&str], style: Style) -> Vec<Vec<String>> {
        // One cell per column; a cell beyond the last column is not drawn.
        cells
            .iter()
            .take(self.columns.len())
            .enumerate()
            .map(|(i, text)| w.wrap(text, style, self.width(w, i)))
            .collect()
    }

    fn height(&self, w: &Writer, cells: &[&str], style: Style) -> f32 {
        let most = self.lines(w, cells, style).iter().map(Vec::len).max();
        most.unwrap_or(1).max(1) as f32 * style.line_height()
    }

    fn draw(&self, w: &mut Writer, cells: &[&str], style: Style) {
        let height = self.height(w, cells, style);
        let top = w.y();
        for (lines, (_, x)) in self.lines(w, cells, style).iter().zip(self.columns) {
            for (n, line) in lines.iter().enumerate() {
                let y = top - n as f32 * style.line_height();
                w.text_at(w.left() + x, y, line, style);
            }
        }
        w.space(height);
    }
}
