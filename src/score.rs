//! The scoring pipeline for one article: clean → sentences → features → per-head probabilities,
//! plus the article's aggregates.
//!
//! Not every sentence counts. A sentence is flagged, and left out of the article's aggregates,
//! when its article is not in a language the model was trained for (`language`), when it has no
//! feature the model knows (`no_evidence`: its probabilities are the model's priors), or when the
//! model's `relevant` head puts it below the relevance threshold (`off_topic`).

use crate::corpus::Article;
use crate::features::{FeatureScratch, SentenceFeatures};
use crate::model::{argmax, Model};
use crate::text::clean::{CleanScratch, CleanedText, Cleaner};
use crate::text::language::{self, Language};
use crate::text::sentences::{SentenceSplitter, Span};

/// A lexicon match as reported: the text as it appears and its category.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermHit {
    pub surface: String,
    pub category: String,
    pub loaded: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoredSentence {
    /// 0-based position in the article.
    pub index: usize,
    /// Byte span in the cleaned article text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Per head: class probabilities.
    pub probs: Vec<Vec<f64>>,
    /// Per head: the predicted class.
    pub predicted: Vec<usize>,
    pub words: usize,
    pub terms: Vec<TermHit>,
    /// Why the sentence is left out of the aggregates ([`Flag::None`]: it counts).
    pub flag: Flag,
}

/// Why a sentence is left out of the article and outlet aggregates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Flag {
    /// It counts.
    #[default]
    None,
    /// Its article is in a language the model was not trained for.
    Language,
    /// No feature of the model occurs in it: its probabilities are the priors.
    NoEvidence,
    /// P(relevant = yes) is below the model's relevance threshold.
    OffTopic,
}

impl Flag {
    /// The `flag` column's value (empty when the sentence counts).
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::None => "",
            Flag::Language => "language",
            Flag::NoEvidence => "no_evidence",
            Flag::OffTopic => "off_topic",
        }
    }
}

impl ScoredSentence {
    pub fn loaded_terms(&self) -> usize {
        self.terms.iter().filter(|t| t.loaded).count()
    }
}

#[derive(Debug, Clone, Default)]
pub struct ScoredArticle {
    pub id: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub origin: String,
    pub cleaned: CleanedText,
    pub sentences: Vec<ScoredSentence>,
    /// The language guessed for the cleaned text.
    pub language: Option<Language>,
}

/// Scores articles with one model; holds the reusable buffers.
pub struct Scorer<'a> {
    model: &'a Model,
    cleaner: &'a Cleaner,
    splitter: SentenceSplitter,
    scratch: FeatureScratch,
    clean_scratch: CleanScratch,
    features: SentenceFeatures,
    spans: Vec<Span>,
    /// The model's relevance head and its `yes` class (looked up once).
    relevance: Option<(usize, usize)>,
}

impl<'a> Scorer<'a> {
    pub fn new(model: &'a Model, cleaner: &'a Cleaner) -> Self {
        Scorer {
            model,
            cleaner,
            splitter: SentenceSplitter::new(),
            scratch: FeatureScratch::default(),
            clean_scratch: CleanScratch::default(),
            features: SentenceFeatures::default(),
            spans: Vec::new(),
            relevance: model.relevance_head(),
        }
    }

    pub fn model(&self) -> &Model {
        self.model
    }

    /// Cleans, splits and scores one article.
    pub fn score(&mut self, article: &Article) -> ScoredArticle {
        let mut scored = ScoredArticle::default();
        self.score_into(article, &mut scored);
        scored
    }

    /// As [`Self::score`], into `out`, whose strings and vectors are reused: scoring a stream of
    /// articles into one `ScoredArticle` allocates nearly nothing per sentence.
    pub fn score_into(&mut self, article: &Article, out: &mut ScoredArticle) {
        self.cleaner
            .clean_into(&article.text, &mut out.cleaned, &mut self.clean_scratch);
        self.splitter.split_into(&out.cleaned.text, &mut self.spans);
        out.sentences.truncate(self.spans.len());
        // The language is guessed from the tokens the sentences are scored with (no second pass
        // over the text), unless they leave it open.
        let (mut tokens, mut function_words) = (0, 0);
        for index in 0..self.spans.len() {
            let span = self.spans[index];
            if index == out.sentences.len() {
                out.sentences.push(ScoredSentence::default());
            }
            let text = &out.cleaned.text[span.start..span.end];
            self.score_sentence_into(index, span.start, text, &mut out.sentences[index]);
            let words = self.scratch.tokens();
            tokens += words.len();
            function_words += (0..words.len())
                .filter(|&i| language::is_function_token(words.token(i)))
                .count();
        }
        let ascii = out.cleaned.text.is_ascii();
        let language = language::from_token_counts(tokens, function_words, ascii)
            .unwrap_or_else(|| language::detect(&out.cleaned.text));
        out.language = Some(language);
        if !language.supported {
            for sentence in &mut out.sentences {
                sentence.flag = Flag::Language;
            }
        }
        self.gate_article(&mut out.sentences);
        out.id.clone_from(&article.id);
        out.outlet.clone_from(&article.outlet);
        out.date.clone_from(&article.date);
        out.origin.clone_from(&article.origin);
    }

    /// An article whose sentences are on average off topic is off topic as a whole: all its
    /// scored sentences are flagged (see [`crate::model::Aggregation`]).
    fn gate_article(&self, sentences: &mut [ScoredSentence]) {
        let Some((h, yes)) = self.relevance else {
            return;
        };
        let (mut sum, mut n) = (0.0, 0usize);
        for s in sentences
            .iter()
            .filter(|s| matches!(s.flag, Flag::None | Flag::OffTopic))
        {
            sum += s.probs[h][yes];
            n += 1;
        }
        if n > 0 && sum / (n as f64) < self.model.aggregation.article_relevance_threshold {
            for s in sentences.iter_mut().filter(|s| s.flag == Flag::None) {
                s.flag = Flag::OffTopic;
            }
        }
    }

    /// Scores one sentence that starts at byte `start` of its cleaned article.
    pub fn score_sentence(&mut self, index: usize, start: usize, text: &str) -> ScoredSentence {
        let mut scored = ScoredSentence::default();
        self.score_sentence_into(index, start, text, &mut scored);
        scored
    }

    /// As [`Self::score_sentence`], into `out` (its buffers reused).
    fn score_sentence_into(
        &mut self,
        index: usize,
        start: usize,
        text: &str,
        out: &mut ScoredSentence,
    ) {
        let featurizer = &self.model.featurizer;
        featurizer.transform_into(text, &mut self.scratch, &mut self.features);
        self.model.predict_into(&self.features, &mut out.probs);
        out.index = index;
        out.start = start;
        out.end = start + text.len();
        out.text.clear();
        out.text.push_str(text);
        out.predicted.clear();
        out.predicted.extend(out.probs.iter().map(|p| argmax(p)));
        out.words = self.features.n_tokens;
        out.flag = if self.features.evidence == 0 {
            Flag::NoEvidence
        } else {
            match self.relevance {
                Some((h, yes))
                    if out.probs[h][yes] < self.model.aggregation.relevance_threshold =>
                {
                    Flag::OffTopic
                }
                _ => Flag::None,
            }
        };
        let categories = featurizer.lexicon().categories();
        // Topic words (what the sentence is about) are features, not terms to report.
        let reported = self
            .features
            .matches
            .iter()
            .filter(|m| categories[m.category].kind != crate::lexicon::CategoryKind::Topic);
        let mut n = 0;
        for m in reported {
            if n == out.terms.len() {
                out.terms.push(TermHit::default());
            }
            let hit = &mut out.terms[n];
            n += 1;
            let category = &categories[m.category];
            hit.surface.clear();
            hit.surface.push_str(&text[m.start..m.end]);
            hit.category.clone_from(&category.name);
            hit.loaded = category.kind == crate::lexicon::CategoryKind::Loaded;
        }
        out.terms.truncate(n);
    }

    /// The features of the last sentence scored (for explanations).
    pub fn last_features(&self) -> &SentenceFeatures {
        &self.features
    }
}

/// Per-article aggregates over its sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSummary {
    pub sentences: usize,
    /// Sentences in the aggregates (not flagged); shares, mean probabilities, majorities and
    /// slant are over these.
    pub used: usize,
    /// Flagged sentences, by flag: no evidence, off topic (language flags every sentence of its
    /// article, so it is not counted here; see `ScoredArticle::language`).
    pub no_evidence: usize,
    pub off_topic: usize,
    pub words: usize,
    /// Per head, per class: share of sentences predicted as that class.
    pub shares: Vec<Vec<f64>>,
    /// Per head, per class: mean probability.
    pub mean_probs: Vec<Vec<f64>>,
    /// Per head: the majority class among sentences that take a side or carry a frame (see
    /// [`majority_class`]); None without sentences.
    pub majority: Vec<Option<usize>>,
    /// Mean P(against) − mean P(favor) when the model has a head with both classes.
    pub slant: Option<f64>,
    /// `against` / `favor` / `neutral` from the slant and the model's neutral band.
    pub article_stance: Option<&'static str>,
    pub loaded_terms: usize,
    pub loaded_per_100_words: f64,
}

pub fn summarize(model: &Model, article: &ScoredArticle) -> ArticleSummary {
    let count = |flag: Flag| article.sentences.iter().filter(|s| s.flag == flag).count();
    let used = || article.sentences.iter().filter(|s| s.flag == Flag::None);
    let n = count(Flag::None);
    let words: usize = article.sentences.iter().map(|s| s.words).sum();
    let loaded_terms: usize = article
        .sentences
        .iter()
        .map(ScoredSentence::loaded_terms)
        .sum();
    let mut shares = Vec::new();
    let mut mean_probs = Vec::new();
    let mut majority = Vec::new();
    for (h, head) in model.heads.iter().enumerate() {
        let k = head.classes.len();
        let mut counts = vec![0usize; k];
        let mut sums = vec![0.0f64; k];
        for s in used() {
            counts[s.predicted[h]] += 1;
            sums.iter_mut().zip(&s.probs[h]).for_each(|(a, p)| *a += p);
        }
        let denom = n.max(1) as f64;
        shares.push(counts.iter().map(|&c| c as f64 / denom).collect());
        mean_probs.push(sums.iter().map(|s| s / denom).collect::<Vec<_>>());
        majority.push((n > 0).then(|| majority_class(&head.classes, &counts, &sums)));
    }
    let slant = slant_head(model)
        .filter(|_| n > 0)
        .map(|(h, against, favor)| mean_probs[h][against] - mean_probs[h][favor]);
    let band = model.aggregation.neutral_band;
    let article_stance = slant.map(|s| {
        if s > band {
            "against"
        } else if s < -band {
            "favor"
        } else {
            "neutral"
        }
    });
    ArticleSummary {
        sentences: article.sentences.len(),
        used: n,
        no_evidence: count(Flag::NoEvidence),
        off_topic: count(Flag::OffTopic),
        words,
        shares,
        mean_probs,
        majority,
        slant,
        article_stance,
        loaded_terms,
        loaded_per_100_words: if words > 0 {
            100.0 * loaded_terms as f64 / words as f64
        } else {
            0.0
        },
    }
}

/// Class names that mean "takes no side" / "no frame".
pub fn is_null_class(name: &str) -> bool {
    matches!(name.to_ascii_lowercase().as_str(), "neutral" | "none")
}

/// The article-level label from per-class sentence counts and summed probabilities. Most
/// sentences of any article, even a partisan one, are neutral background, so a plain plurality
/// would call nearly every article neutral. The majority is therefore taken among the sentences
/// that take a side (or carry a frame): the most frequent non-null class, ties broken by the
/// higher summed probability. The null class (`neutral` / `none`) is the answer only when no
/// sentence takes a side. Heads without a null class use the plain plurality. How much of the
/// article takes no side at all is in the null class's share.
pub fn majority_class(classes: &[String], counts: &[usize], prob_sums: &[f64]) -> usize {
    let null = classes.iter().position(|c| is_null_class(c));
    let candidates = (0..classes.len()).filter(|&c| Some(c) != null && counts[c] > 0);
    let best = candidates.max_by(|&a, &b| {
        counts[a]
            .cmp(&counts[b])
            .then(prob_sums[a].total_cmp(&prob_sums[b]))
            .then(b.cmp(&a))
    });
    best.or(null).unwrap_or(0)
}

/// The head and class indices used for the slant score: the first head with classes named
/// `against` and `favor`.
pub fn slant_head(model: &Model) -> Option<(usize, usize, usize)> {
    model.heads.iter().enumerate().find_map(|(h, head)| {
        let find = |name: &str| head.classes.iter().position(|c| c == name);
        Some((h, find("against")?, find("favor")?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::tiny_model;

    fn article(text: &str) -> Article {
        Article {
            id: "a".into(),
            outlet: Some("Paper".into()),
            date: None,
            title: None,
            text: text.into(),
            origin: "a.txt".into(),
            file_name: "a.txt".into(),
        }
    }

    #[test]
    fn sentences_carry_spans_into_the_cleaned_text_and_terms() {
        let model = tiny_model();
        let cleaner = Cleaner::builtin();
        let mut scorer = Scorer::new(&model, &cleaner);
        let scored = scorer.score(&article(
            "End the <b>occupation</b> now. Officials met on Monday.\n\nShare this article\n",
        ));
        assert_eq!(scored.sentences.len(), 2);
        for s in &scored.sentences {
            assert_eq!(&scored.cleaned.text[s.start..s.end], s.text);
            assert_eq!(s.probs.len(), 2);
            assert!((s.probs[0].iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
        let first = &scored.sentences[0];
        assert_eq!(
            first.terms,
            [TermHit {
                surface: "occupation".into(),
                category: "delegitimizing".into(),
                loaded: true
            }]
        );
        assert_eq!(first.loaded_terms(), 1);
        assert_eq!(scored.cleaned.dropped.len(), 1);
    }

    #[test]
    fn scoring_into_a_reused_article_equals_scoring_afresh() {
        let model = tiny_model();
        let cleaner = Cleaner::builtin();
        let mut scorer = Scorer::new(&model, &cleaner);
        let texts = [
            "End the occupation now. The occupation must end, reportedly. Officials met on Monday.",
            "Talks resume.",
            "Share this article",
            "The occupation regime and the occupation forces. Reportedly, talks resume next week.",
        ];
        let mut reused = ScoredArticle::default();
        for text in texts {
            let mut a = article(text);
            a.outlet = (text.len() % 2 == 0).then(|| "Paper".into());
            scorer.score_into(&a, &mut reused);
            let fresh = Scorer::new(&model, &cleaner).score(&a);
            assert_eq!(reused.sentences, fresh.sentences, "{text}");
            assert_eq!(reused.cleaned, fresh.cleaned);
            assert_eq!(
                (&reused.id, &reused.outlet, &reused.date, &reused.origin),
                (&fresh.id, &fresh.outlet, &fresh.date, &fresh.origin)
            );
        }
    }

    #[test]
    fn majority_is_taken_among_sentences_that_take_a_side() {
        let classes: Vec<String> = ["against", "favor", "neutral"].map(String::from).to_vec();
        let flat = [1.0, 1.0, 1.0];
        assert_eq!(
            majority_class(&classes, &[3, 1, 9], &flat),
            0,
            "neutral background does not outvote a side"
        );
        assert_eq!(majority_class(&classes, &[1, 2, 0], &flat), 1);
        assert_eq!(
            majority_class(&classes, &[0, 0, 5], &flat),
            2,
            "no side taken"
        );
        assert_eq!(
            majority_class(&classes, &[2, 2, 5], &[1.5, 1.7, 5.0]),
            1,
            "ties go to the more probable"
        );
        let frames: Vec<String> = ["conflict", "none", "security"].map(String::from).to_vec();
        assert_eq!(majority_class(&frames, &[1, 6, 2], &flat), 2);
        let plain: Vec<String> = ["biased", "non-biased"].map(String::from).to_vec();
        assert_eq!(
            majority_class(&plain, &[2, 5], &flat),
            1,
            "no null class: plain plurality"
        );
        assert_eq!(
            majority_class(&plain, &[3, 3], &flat),
            0,
            "full tie: the first class"
        );
    }

    #[test]
    fn article_summary_shares_majority_and_loaded_density() {
        let model = tiny_model();
        let cleaner = Cleaner::builtin();
        let mut scorer = Scorer::new(&model, &cleaner);
        let scored = scorer.score(&article(
            "The occupation must end. End the occupation now. Officials met on Monday. Reportedly talks resume next week.",
        ));
        let summary = summarize(&model, &scored);
        assert_eq!(summary.sentences, 4);
        let stance = &model.heads[0];
        let against = stance.classes.iter().position(|c| c == "against").unwrap();
        assert_eq!(summary.shares[0][against], 0.5);
        assert!((summary.shares[0].iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(summary.loaded_terms, 2, "hedges are not loaded");
        assert!((summary.loaded_per_100_words - 200.0 / summary.words as f64).abs() < 1e-12);
        assert!(summary.slant.unwrap() > 0.0);
        let empty = summarize(&model, &scorer.score(&article("Share this article")));
        assert_eq!(
            (empty.sentences, empty.majority[0], empty.slant),
            (0, None, None)
        );
    }
}
