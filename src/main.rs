//! The `slant` binary: argument parsing and exit codes over the `slant` library.

use clap::{Parser, Subcommand};
use slant::cli::{self, Console};
use slant::error::exit;

#[derive(Parser)]
#[command(
    name = "slant",
    version,
    about = "Measure how news outlets frame a story and which side they take.",
    long_about = "Measure how news outlets frame a story and which side they take: per sentence, article and \
outlet, stance and frame probabilities with the loaded terms and n-grams that drove them.",
    after_help = "Exit codes: 0 success, 1 internal error, 2 usage error, 3 bad input data or model file, \
4 a file could not be read or written.\n\nStart with: slant score data/articles"
)]
struct Args {
    /// Print only the output and errors (no progress or warnings on stderr).
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train a model on labeled sentences (one classifier per label column).
    Train(cli::train::TrainArgs),
    /// Score articles: one row per sentence, optionally one per article.
    Score(cli::score::ScoreArgs),
    /// Explain the predictions for a text, feature by feature.
    Explain(cli::explain::ExplainArgs),
    /// Show a model's metadata and its top features per class.
    Inspect(cli::inspect::InspectArgs),
    /// Check lexicon files and list their categories.
    Lexicon(cli::lexicon::LexiconArgs),
    Eval(cli::eval::EvalArgs),
    Report(cli::report::ReportArgs),
}

fn main() {
    let args = Args::parse();
    // A file-size limit (`ulimit -f`) makes a write fail with EFBIG, reported as an error with
    // the old outputs kept, instead of killing the process midway.
    // SAFETY: setting a signal's disposition to "ignore" before any other thread starts.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // Ctrl-C / SIGTERM: no half-written output or temporary file is left behind.
    let _ = ctrlc::set_handler(|| {
        slant::corpus::atomic::remove_temp_files();
        std::process::exit(exit::INTERRUPTED);
    });
    let console = Console::new(args.quiet);
    let result = match &args.command {
        Command::Train(a) => cli::train::run(a, &console),
        Command::Score(a) => cli::score::run(a, &console),
        Command::Explain(a) => cli::explain::run(a, &console),
        Command::Inspect(a) => cli::inspect::run(a, &console),
        Command::Lexicon(a) => cli::lexicon::run(a, &console),
        Command::Eval(a) => cli::eval::run(a, &console),
        Command::Report(a) => cli::report::run(a, &console),
    };
    // The counts of warnings not shown; then the error, if any (stderr failures are ignored).
    console.finish();
    match result {
        Ok(()) => std::process::exit(exit::OK),
        // `slant score … | head`: the reader has all it wanted.
        Err(e) if e.is_broken_pipe() => std::process::exit(exit::OK),
        Err(e) => {
            console.error(&e.to_string());
            std::process::exit(e.exit_code());
        }
    }
}
