//! The model file: one self-describing JSON document (format name and version, labels, feature
//! spec, vocabulary, the lexicon itself and its hash, training-data hash and row count,
//! hyper-parameters, fit reports, slant version). Written atomically; loading checks the format,
//! the version and every shape before the model is used.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::corpus::input::{Input, InputError};
use crate::corpus::limits::{MAX_IDF, MAX_WEIGHT};
use crate::corpus::AtomicFile;
use crate::error::{Error, Result};
use crate::features::{FeatureSpec, Featurizer, Vocabulary};
use crate::lexicon::{Lexicon, LexiconData};
use crate::model::{Aggregation, Head, Model, TrainingInfo};

pub const FORMAT_NAME: &str = "slant-model";
/// Bumped whenever the file layout or the meaning of a feature changes. Format 2 added canonical
/// surface forms, the `topic` lexicon kind and the aggregation settings; format 1 files still load
/// (as they were trained: no canonical forms, every sentence in the aggregates).
pub const FORMAT_VERSION: u32 = 2;
/// The oldest format this slant reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;
/// Model files larger than this are refused before parsing (a hostile or wrong file).
pub const MAX_MODEL_BYTES: u64 = crate::corpus::limits::MAX_MODEL_BYTES;

#[derive(Serialize, Deserialize)]
struct ModelFile {
    format: String,
    format_version: u32,
    slant_version: String,
    labels: Vec<String>,
    training: TrainingInfo,
    features: FeaturesPart,
    lexicon: LexiconPart,
    heads: Vec<Head>,
    /// Absent from older files, which then aggregate as before (no band, every sentence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aggregation: Option<Aggregation>,
}

#[derive(Serialize, Deserialize)]
struct FeaturesPart {
    spec: FeatureSpec,
    n_features: usize,
    vocabulary: Vec<String>,
    idf: Vec<f32>,
    /// The char-gram vocabulary and idf (only when `spec.char_ngrams` is on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    char_vocabulary: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    char_idf: Vec<f32>,
}

#[derive(Serialize, Deserialize)]
struct LexiconPart {
    sha256: String,
    #[serde(flatten)]
    data: LexiconData,
}

/// Just the header fields, read first so that a wrong or newer file gets a clear message.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u32>,
    slant_version: Option<String>,
}

impl Model {
    /// Serialises the model (deterministically: the same model gives the same bytes).
    pub fn to_json(&self) -> Vec<u8> {
        let f = &self.featurizer;
        let file = ModelFile {
            format: FORMAT_NAME.into(),
            format_version: FORMAT_VERSION,
            slant_version: self.slant_version.clone(),
            labels: self.heads.iter().map(|h| h.label.clone()).collect(),
            training: self.training.clone(),
            features: FeaturesPart {
                spec: f.spec().clone(),
                n_features: f.n_features(),
                vocabulary: f.vocabulary().terms().to_vec(),
                idf: f.vocabulary().idf().to_vec(),
                char_vocabulary: f
                    .char_vocabulary()
                    .map_or_else(Vec::new, |v| v.terms().to_vec()),
                char_idf: f
                    .char_vocabulary()
                    .map_or_else(Vec::new, |v| v.idf().to_vec()),
            },
            lexicon: LexiconPart {
                sha256: f.lexicon().content_hash(),
                data: f.lexicon().to_data(),
            },
            heads: self.heads.clone(),
            aggregation: Some(self.aggregation),
        };
        let mut out = serde_json::to_vec(&file).expect("a model serialises");
        out.push(b'\n');
        out
    }

    /// Writes the model atomically: an existing file is replaced only by a complete new one.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut file = AtomicFile::create(path)?;
        file.write_all(&self.to_json())
            .map_err(|e| Error::io(path, e))?;
        file.commit()
    }

    /// Reads and checks a model file: binary data or another encoding is named from the first
    /// block; more than [`MAX_MODEL_BYTES`] (also from a pipe or a device) fails at the limit.
    pub fn load(path: &Path) -> Result<Model> {
        let bytes = Input::open_text(path)
            .and_then(|input| input.read_all(MAX_MODEL_BYTES))
            .map_err(|e| match e {
                InputError::Io(e) => Error::io(path, e),
                e => Error::model_file(path, e.message("a slant model")),
            })?;
        Model::from_json(&bytes).map_err(|message| Error::model_file(path, message))
    }

    /// Parses and checks a model file's bytes; the error says what is wrong.
    pub fn from_json(bytes: &[u8]) -> Result<Model, String> {
        let header: Header =
            serde_json::from_slice(bytes).map_err(|e| describe_parse_error(&e, bytes))?;
        if header.format.as_deref() != Some(FORMAT_NAME) {
            return Err("not a slant model (no `\"format\": \"slant-model\"` field)".into());
        }
        let version = header.format_version.ok_or("no format_version field")?;
        if version > FORMAT_VERSION {
            return Err(format!(
                "model format {version} was written by slant {}; this slant {} reads format {FORMAT_VERSION}: upgrade slant",
                header.slant_version.as_deref().unwrap_or("(unknown)"),
                env!("CARGO_PKG_VERSION"),
            ));
        }
        if version < OLDEST_FORMAT_VERSION {
            return Err(format!(
                "model format {version} is older than {OLDEST_FORMAT_VERSION}: retrain with `slant train`"
            ));
        }
        if bytes.len() as u64 > MAX_MODEL_BYTES {
            return Err(format!(
                "{} bytes is too large for a slant model",
                bytes.len()
            ));
        }
        // JSON declares no lengths before its data, so arrays are bounded by the bytes present;
        // the declared counts are checked against the file's length before anything is sized by them.
        let file: ModelFile =
            serde_json::from_slice(bytes).map_err(|e| describe_parse_error(&e, bytes))?;
        check_declared_sizes(&file, bytes.len())?;
        check_values(&file)?;
        let vocabulary = Vocabulary::from_parts(file.features.vocabulary, file.features.idf)?;
        let lexicon =
            Lexicon::from_data(file.lexicon.data).map_err(|e| format!("embedded lexicon: {e}"))?;
        if lexicon.content_hash() != file.lexicon.sha256 {
            return Err(
                "the embedded lexicon does not match its recorded sha256: the file was altered"
                    .into(),
            );
        }
        file.features.spec.check()?;
        let char_vocabulary = match file.features.spec.char_ngrams {
            Some(_) => Some(
                Vocabulary::from_parts(file.features.char_vocabulary, file.features.char_idf)
                    .map_err(|e| format!("char n-grams: {e}"))?,
            ),
            None if file.features.char_vocabulary.is_empty()
                && file.features.char_idf.is_empty() =>
            {
                None
            }
            None => {
                return Err(
                    "the file has a char n-gram vocabulary but its spec has no char n-grams".into(),
                )
            }
        };
        let featurizer = Featurizer::new(file.features.spec, vocabulary, lexicon)?
            .with_char_vocabulary(char_vocabulary);
        if featurizer.n_features() != file.features.n_features {
            return Err(format!(
                "the feature layout gives {} features but the file declares {}",
                featurizer.n_features(),
                file.features.n_features
            ));
        }
        if file.heads.is_empty() || file.labels.len() != file.heads.len() {
            return Err("the model has no classifier for its labels".into());
        }
        for (label, head) in file.labels.iter().zip(&file.heads) {
            check_head(label, head, featurizer.n_features())?;
        }
        // Older files aggregate as they did: no relevance gate, no neutral band.
        let aggregation = file.aggregation.unwrap_or(Aggregation {
            relevance_threshold: 0.0,
            article_relevance_threshold: 0.0,
            neutral_band: 0.0,
        });
        aggregation
            .check()
            .map_err(|e| format!("aggregation: {e}"))?;
        Ok(Model {
            featurizer,
            heads: file.heads,
            training: file.training,
            slant_version: file.slant_version,
            aggregation,
            format_version: version,
        })
    }
}

/// Values no training writes: idf values out of range, duplicate labels or class names, weights
/// and intercepts so large that sums overflow. Each is named by its field.
fn check_values(file: &ModelFile) -> Result<(), String> {
    let f = &file.features;
    for (field, idf) in [("features.idf", &f.idf), ("features.char_idf", &f.char_idf)] {
        if let Some((i, v)) = idf
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v > 0.0 && **v <= MAX_IDF))
        {
            return Err(format!(
                "{field}[{i}] is {v}: an idf value must be greater than 0 and at most {MAX_IDF}"
            ));
        }
    }
    if let Some(label) = first_repeat(&file.labels) {
        return Err(format!("labels: `{label}` is listed twice"));
    }
    for (h, head) in file.heads.iter().enumerate() {
        if let Some(class) = first_repeat(&head.classes) {
            return Err(format!(
                "heads[{h}].classes: class `{class}` of `{}` is listed twice",
                head.label
            ));
        }
        let c = &head.classifier;
        for (field, values) in [("coef", &c.coef), ("intercept", &c.intercept)] {
            if let Some((i, v)) = values
                .iter()
                .enumerate()
                .find(|(_, v)| !v.is_finite() || v.abs() > MAX_WEIGHT)
            {
                return Err(format!(
                    "heads[{h}].classifier.{field}[{i}] is {v}: weights and intercepts of a trained model are finite and of magnitude at most {MAX_WEIGHT:e}"
                ));
            }
        }
    }
    Ok(())
}

/// The first value that appears twice.
fn first_repeat(values: &[String]) -> Option<&str> {
    let mut seen = std::collections::HashSet::new();
    values
        .iter()
        .find(|v| !seen.insert(v.as_str()))
        .map(String::as_str)
}

/// Every declared count must fit in the file: one feature or class takes at least one byte.
fn check_declared_sizes(file: &ModelFile, len: usize) -> Result<(), String> {
    let too_big = |what: &str, n: usize| {
        Err(format!(
            "declares {n} {what}, impossible in a file of {len} bytes: the file is damaged or hostile"
        ))
    };
    if file.features.n_features > len {
        return too_big("features", file.features.n_features);
    }
    for head in &file.heads {
        let c = &head.classifier;
        if c.n_features > len {
            return too_big("classifier features", c.n_features);
        }
        if c.n_classes > len {
            return too_big("classes", c.n_classes);
        }
        if c.absent_classes.iter().any(|&a| a >= c.n_classes) {
            return Err(format!(
                "classifier `{}`: an absent class index is out of range",
                head.label
            ));
        }
    }
    Ok(())
}

fn check_head(label: &str, head: &Head, n_features: usize) -> Result<(), String> {
    let c = &head.classifier;
    let problem = if head.label != label {
        Some(format!("head `{}` is listed as `{label}`", head.label))
    } else if head.classes.len() < 2 || head.classes.len() != c.n_classes {
        Some(format!(
            "{} classes named but the classifier has {}",
            head.classes.len(),
            c.n_classes
        ))
    } else if c.n_features != n_features {
        Some(format!(
            "classifier expects {} features, the pipeline makes {n_features}",
            c.n_features
        ))
    } else if let Err(e) = c.check_shapes() {
        Some(e)
    } else if head.class_counts.len() != head.classes.len() {
        Some("class counts do not match the classes".into())
    } else {
        None
    };
    match problem {
        Some(p) => Err(format!("classifier `{label}`: {p}")),
        None => Ok(()),
    }
}

fn describe_parse_error(e: &serde_json::Error, bytes: &[u8]) -> String {
    use serde_json::error::Category;
    // A file cut short fails at its very end, as an EOF or as a half-written token.
    let text_end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    let last_line_start = bytes[..text_end]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let lines = 1 + bytes[..text_end].iter().filter(|&&b| b == b'\n').count();
    let at_end = e.line() == lines && e.column() >= text_end - last_line_start;
    match e.classify() {
        Category::Eof => format!("truncated model file (ends at line {})", e.line()),
        Category::Syntax if at_end && text_end > 0 && bytes[0] == b'{' => {
            format!(
                "truncated model file (ends inside a value at line {}, column {})",
                e.line(),
                e.column()
            )
        }
        // Valid JSON with a number out of range for its field (1e308 for a 32-bit weight).
        Category::Syntax if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() => {
            match field_of_data_error(bytes) {
                Some(field) => format!("damaged model file: {field}: {e}"),
                None => format!("damaged model file: {e}"),
            }
        }
        Category::Syntax => {
            format!(
                "not a slant model or damaged: invalid JSON at line {}, column {}",
                e.line(),
                e.column()
            )
        }
        // A value of the wrong type or range (a negative count, a string for a number): the
        // file is parsed again, only now, to name the field.
        _ => match field_of_data_error(bytes) {
            Some(field) => format!("damaged model file: {field}: {e}"),
            None => format!("damaged model file: {e}"),
        },
    }
}

/// The path of the field (`heads[0].class_counts[1]`) where deserialising `bytes` fails.
fn field_of_data_error(bytes: &[u8]) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, ModelFile>(&mut de) {
        Err(e) => Some(e.path().to_string()),
        Ok(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::tiny_model;

    fn json(model: &Model) -> serde_json::Value {
        serde_json::from_slice(&model.to_json()).unwrap()
    }

    #[test]
    fn a_format_1_file_loads_and_scores_as_it_was_trained() {
        use crate::features::FeatureSpec;
        let model = crate::model::test_support::tiny_model_with(FeatureSpec {
            canonical: false,
            ..FeatureSpec::default()
        });
        let mut v = json(&model);
        v["format_version"] = 1.into();
        v.as_object_mut().unwrap().remove("aggregation");
        assert!(v["features"]["spec"].get("canonical").is_none());
        let old = Model::from_json(&serde_json::to_vec(&v).unwrap()).unwrap();
        assert_eq!(old.format_version, 1);
        assert_eq!(
            (
                old.aggregation.relevance_threshold,
                old.aggregation.article_relevance_threshold,
                old.aggregation.neutral_band
            ),
            (0.0, 0.0, 0.0)
        );
        let mut scratch = crate::features::FeatureScratch::default();
        let (mut a, mut b) = (Default::default(), Default::default());
        let (mut pa, mut pb) = (Vec::new(), Vec::new());
        for text in [
            "End the occupation now.",
            "Officials met on Monday in Iraq.",
        ] {
            model.featurizer.transform_into(text, &mut scratch, &mut a);
            old.featurizer.transform_into(text, &mut scratch, &mut b);
            model.predict_into(&a, &mut pa);
            old.predict_into(&b, &mut pb);
            assert_eq!(pa, pb, "{text}");
        }
        // Saved again, it is a file of the current format.
        assert_eq!(json(&old)["format_version"], FORMAT_VERSION);
    }

    #[test]
    fn round_trip_is_byte_identical_and_self_describing() {
        let model = tiny_model();
        let bytes = model.to_json();
        let back = Model::from_json(&bytes).unwrap();
        assert_eq!(back.to_json(), bytes);
        let v = json(&model);
        assert_eq!(v["format"], FORMAT_NAME);
        assert_eq!(v["format_version"], FORMAT_VERSION);
        assert_eq!(v["labels"], serde_json::json!(["stance", "tone"]));
        assert_eq!(v["training"]["rows"], 18);
        assert_eq!(
            v["lexicon"]["sha256"],
            model.featurizer.lexicon().content_hash()
        );
        assert!(v["features"]["vocabulary"].as_array().unwrap().len() > 10);
    }

    #[test]
    fn char_ngrams_round_trip_and_a_stray_char_vocabulary_is_refused() {
        use crate::features::{CharNgramSpec, FeatureKind, FeatureSpec};
        let spec = FeatureSpec {
            min_df: 1,
            char_ngrams: Some(CharNgramSpec {
                min: 3,
                max: 4,
                min_df: 1,
                max_features: 1000,
            }),
            ..Default::default()
        };
        let model = crate::model::test_support::tiny_model_with(spec);
        let bytes = model.to_json();
        let back = Model::from_json(&bytes).unwrap();
        assert_eq!(back.to_json(), bytes);
        let chars = back.featurizer.char_vocabulary().unwrap();
        assert!(chars.len() > 20);
        let first_char = back.featurizer.vocabulary().len();
        assert!(matches!(
            back.featurizer.feature(first_char),
            FeatureKind::CharNgram(_)
        ));
        let v = json(&model);
        assert_eq!(v["features"]["spec"]["char_ngrams"]["max"], 4);
        assert_eq!(
            v["features"]["char_vocabulary"].as_array().unwrap().len(),
            chars.len()
        );
        // Without char n-grams the file has no char fields at all.
        assert!(json(&tiny_model())["features"]
            .get("char_vocabulary")
            .is_none());

        let err = |v: &serde_json::Value| Model::from_json(&serde_json::to_vec(v).unwrap());
        let mut stray = json(&tiny_model());
        stray["features"]["char_vocabulary"] = serde_json::json!(["abc"]);
        stray["features"]["char_idf"] = serde_json::json!([1.0]);
        assert!(err(&stray).unwrap_err().contains("char n-gram"));
        let mut short = json(&model);
        short["features"]["char_idf"].as_array_mut().unwrap().pop();
        assert!(err(&short).unwrap_err().contains("char n-grams"));
    }

    #[test]
    fn damaged_files_get_a_clear_message() {
        let bytes = tiny_model().to_json();
        let err = |b: &[u8]| Model::from_json(b).unwrap_err();
        for cut in [bytes.len() / 2, bytes.len() / 3, bytes.len() - 2, 40] {
            let truncated = err(&bytes[..cut]);
            assert!(truncated.contains("truncated"), "cut at {cut}: {truncated}");
        }
        assert!(err(b"\x00\x01binary").contains("not a slant model"));
        assert!(err(b"{\"weights\": [1, 2]}").contains("not a slant model"));

        let mut v = json(&tiny_model());
        v["format_version"] = serde_json::json!(FORMAT_VERSION + 1);
        assert!(err(&serde_json::to_vec(&v).unwrap()).contains("upgrade slant"));

        let mut v = json(&tiny_model());
        v["features"]["idf"].as_array_mut().unwrap().pop();
        assert!(err(&serde_json::to_vec(&v).unwrap()).contains("idf"));

        let mut v = json(&tiny_model());
        v["heads"][0]["classifier"]["coef"]
            .as_array_mut()
            .unwrap()
            .pop();
        assert!(err(&serde_json::to_vec(&v).unwrap()).contains("coefficients"));

        let mut v = json(&tiny_model());
        v["lexicon"]["entries"].as_array_mut().unwrap().pop();
        assert!(err(&serde_json::to_vec(&v).unwrap()).contains("sha256"));
    }

    #[test]
    fn absurd_declared_sizes_are_refused_before_use() {
        let err =
            |v: &serde_json::Value| Model::from_json(&serde_json::to_vec(v).unwrap()).unwrap_err();
        for (path, value) in [
            (&["features", "n_features"][..], serde_json::json!(u64::MAX)),
            (
                &["heads", "0", "classifier", "n_features"][..],
                serde_json::json!(1u64 << 60),
            ),
            (
                &["heads", "0", "classifier", "n_classes"][..],
                serde_json::json!(u64::MAX),
            ),
        ] {
            let mut v = json(&tiny_model());
            let mut slot = &mut v;
            for key in path {
                slot = match key.parse::<usize>() {
                    Ok(i) => &mut slot[i],
                    Err(_) => &mut slot[*key],
                };
            }
            *slot = value;
            let e = err(&v);
            // Refused with a message (by this check, or the classifier's own shape check).
            assert!(
                e.contains("impossible in a file of") || e.contains("inconsistent model"),
                "{path:?}: {e}"
            );
        }
        let mut v = json(&tiny_model());
        v["heads"][0]["classifier"]["absent_classes"] = serde_json::json!([1_000_000]);
        let e = err(&v);
        assert!(
            e.contains("out of range") || e.contains("inconsistent"),
            "{e}"
        );
        // A huge declared count that fits in usize but not in the file's length.
        let mut v = json(&tiny_model());
        v["heads"][1]["classifier"]["n_classes"] = serde_json::json!(1_000_000_000u64);
        let e = err(&v);
        assert!(
            e.contains("impossible") || e.contains("inconsistent"),
            "{e}"
        );
    }

    #[test]
    fn hostile_values_are_refused_with_their_field() {
        let err =
            |v: &serde_json::Value| Model::from_json(&serde_json::to_vec(v).unwrap()).unwrap_err();
        let edit = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut v = json(&tiny_model());
            f(&mut v);
            err(&v)
        };
        let e = edit(&|v| v["features"]["idf"][2] = serde_json::json!(0.0));
        assert!(e.contains("features.idf[2] is 0"), "{e}");
        let e = edit(&|v| v["features"]["idf"][0] = serde_json::json!(1e30));
        assert!(e.contains("features.idf[0]"), "{e}");
        let e = edit(&|v| v["features"]["idf"][1] = serde_json::json!(-1.5));
        assert!(e.contains("features.idf[1]"), "{e}");
        let e = edit(&|v| v["heads"][0]["classifier"]["intercept"][0] = serde_json::json!(1e308));
        assert!(e.contains("heads[0].classifier.intercept[0]"), "{e}");
        let e = edit(&|v| v["heads"][1]["classifier"]["coef"][3] = serde_json::json!(-2e9));
        assert!(e.contains("heads[1].classifier.coef[3]"), "{e}");
        let e = edit(&|v| v["heads"][0]["classifier"]["coef"][0] = serde_json::json!(1e308));
        assert!(e.contains("non-finite") || e.contains("coef[0]"), "{e}");
        let e = edit(&|v| {
            let first = v["heads"][0]["classes"][0].clone();
            v["heads"][0]["classes"][1] = first;
        });
        assert!(e.contains("heads[0].classes") && e.contains("twice"), "{e}");
        let e = edit(&|v| {
            v["labels"][1] = v["labels"][0].clone();
            v["heads"][1] = v["heads"][0].clone();
        });
        assert!(e.contains("labels") && e.contains("twice"), "{e}");
        let e = edit(&|v| v["heads"][0]["class_counts"][1] = serde_json::json!(-3));
        assert!(e.contains("heads[0].class_counts[1]"), "{e}");
        let e = edit(&|v| {
            let first = v["features"]["vocabulary"][0].clone();
            v["features"]["vocabulary"][1] = first;
        });
        assert!(e.contains("twice"), "{e}");
    }

    #[test]
    fn save_is_atomic_and_load_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        let model = tiny_model();
        model.save(&path).unwrap();
        assert_eq!(Model::load(&path).unwrap().to_json(), model.to_json());
        std::fs::write(&path, b"{").unwrap();
        let e = Model::load(&path).unwrap_err().to_string();
        assert!(e.starts_with(&path.display().to_string()), "{e}");
    }
}
