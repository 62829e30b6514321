//! What the frame writer costs per frame, in CPU instructions (repeatable on
//! a shared machine, unlike wall time): the application walks busy screens
//! at 80×24 (Entry down and a page at a time, the Matrix across every
//! indicator column and down its rows, the review screens), and each state
//! is drawn twice over — once only rendered by the views, once rendered
//! and sent through the frame writer to a sink. The difference between the
//! two runs, divided by the frames, is the writer's cost per frame.
//!
//!     cargo build --release --example bench_frames
//!     for f in render_only render_and_write; do
//!       valgrind --tool=callgrind --collect-atstart=no \
//!         --toggle-collect="*bench_frames*$f*" --callgrind-out-file=/tmp/cg.$f \
//!         target/release/examples/bench_frames 2>&1 | grep -E "Collected|frames"
//!     done
//!
//! (writer per frame = (Ir of render_and_write − Ir of render_only) ÷ frames.)
//! Without valgrind it prints the frames and bytes, and the wall time of
//! each run, for a rough look.

use std::hint::black_box;
use std::io::{self, Write};
use std::time::Instant;

use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use thidua::store::SledStore;
use thidua::terminal::FrameWriter;
use thidua::tui::action::Step;
use thidua::tui::{self, Action, App, TuiOptions};

const W: u16 = 80;
const H: u16 = 24;

/// Counts what it is given and forgets it.
struct Sink(usize);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0 += b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The walk: every action changes what is on screen.
fn actions() -> Vec<Action> {
    let mut steps = Vec::new();
    steps.extend("dong thap".chars().map(Action::Insert));
    steps.push(Action::Open);
    for _ in 0..2 {
        steps.extend(std::iter::repeat_n(Action::Down, 40));
        steps.extend(std::iter::repeat_n(Action::PageUp, 4));
        steps.extend(std::iter::repeat_n(Action::PageDown, 4));
        steps.push(Action::Home);
    }
    steps.extend([
        Action::EditWith('6'),
        Action::Insert('2'),
        Action::Commit(Step::Down),
    ]);
    steps.push(Action::ShowMatrix);
    for _ in 0..2 {
        steps.extend(std::iter::repeat_n(Action::Right, 94));
        steps.extend(std::iter::repeat_n(Action::Down, 11));
        steps.extend(std::iter::repeat_n(Action::Left, 94));
        steps.extend(std::iter::repeat_n(Action::Up, 11));
    }
    steps.push(Action::ShowReview);
    for _ in 0..4 {
        steps.extend(std::iter::repeat_n(Action::Down, 10));
        steps.push(Action::NextColumn);
    }
    steps
}

fn app(dir: &std::path::Path) -> App {
    let store = SledStore::open_as(&dir.join("db"), "canbo").expect("open the database");
    let options = TuiOptions {
        color: true,
        ..TuiOptions::default()
    };
    let mut app = tui::app(Box::new(store), &options).expect("app");
    app.update(Action::Resize(W, H));
    app
}

/// Render every state with the views only, into a cleared buffer.
#[inline(never)]
fn render_only(app: &mut App, steps: &[Action]) -> usize {
    let area = Rect::new(0, 0, W, H);
    let mut buffer = Buffer::empty(area);
    let mut frames = 0;
    for step in steps {
        app.update(step.clone());
        buffer.reset();
        black_box(tui::views::draw(app, area, &mut buffer));
        frames += 1;
    }
    black_box(&buffer);
    frames
}

/// Render every state and send it through the frame writer.
#[inline(never)]
fn render_and_write(app: &mut App, steps: &[Action]) -> (usize, usize) {
    let mut screen = FrameWriter::new(Box::new(Sink(0))).with_size(Size::new(W, H));
    let mut frames = 0;
    let mut bytes = 0;
    for step in steps {
        app.update(step.clone());
        bytes += screen
            .draw(|area, buf| tui::views::draw(app, area, buf))
            .expect("draw");
        frames += 1;
    }
    (frames, bytes)
}

fn main() {
    let steps = actions();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path());
    let started = Instant::now();
    let frames = render_only(&mut a, &steps);
    let render_time = started.elapsed();
    drop(a);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = app(dir.path());
    let started = Instant::now();
    let (written, bytes) = render_and_write(&mut a, &steps);
    let write_time = started.elapsed();
    println!("frames: {frames} rendered; {written} written, {bytes} bytes");
    println!(
        "wall time (rough, shared machine): render only {:.1} ms, render and write {:.1} ms",
        render_time.as_secs_f64() * 1000.0,
        write_time.as_secs_f64() * 1000.0
    );
}
