"""Every shipped config loads; bad configs fail early with the key, file and what is allowed."""

from pathlib import Path

import pytest

from classifier.config import ConfigError, load_config, save_config

CONFIGS = sorted((Path(__file__).resolve().parents[1] / "configs").glob("*.yaml"))


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_every_config_loads(path):
    cfg = load_config(path)
    assert cfg.run.name == path.stem
    assert cfg.tfidf.enabled or cfg.transformer.enabled


def test_shipped_configs_mean_what_they_say():
    by_name = {p.stem: load_config(p) for p in CONFIGS}
    assert {"default", "tfidf", "ci", "crosslingual"} <= set(by_name)
    assert by_name["default"].tfidf.enabled and by_name["default"].transformer.enabled
    assert not by_name["tfidf"].transformer.enabled
    assert by_name["crosslingual"].data.holdout_langs == ["vi"]
    assert by_name["ci"].transformer.epochs < by_name["default"].transformer.epochs


def write(tmp_path, text, name="bad.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("transformer:\n  lr: 1\n", "transformer: unknown key 'lr'; allowed keys: enabled"),
        ("transformer:\n  epochs: many\n", "transformer.epochs: expected an integer, got 'many'"),
        ("transformer:\n  learning_rate: 0\n", "transformer.learning_rate: must be > 0.0"),
        ("transformer:\n  max_length: 4096\n", "transformer.max_length: must be <= 512"),
        ("tfidf:\n  classifier: forest\n", "tfidf.classifier: must be one of logreg, linear_svc"),
        ("tfidf:\n  word_ngrams: [3, 1]\n", "tfidf.word_ngrams: expected [min, max]"),
        ("training:\n  epochs: 1\n", "unknown section 'training'"),
        ("data:\n  holdout_langs: vi\n", "data.holdout_langs: expected a list of a string"),
        ("tfidf:\n  enabled: false\ntransformer:\n  enabled: false\n", "enable at least one"),
        ("transformer: [1, 2\n", "not valid YAML"),
    ],
)
def test_bad_config_names_file_key_and_rule(tmp_path, yaml_text, message):
    path = write(tmp_path, yaml_text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_extends_and_overrides(tmp_path):
    write(tmp_path, "transformer:\n  epochs: 2\n  batch_size: 4\n", "base.yaml")
    child = write(tmp_path, "extends: base.yaml\ntransformer:\n  epochs: 5\n", "child.yaml")
    cfg = load_config(child, ["transformer.learning_rate=3e-5", "data.holdout_langs=[vi]"])
    assert cfg.transformer.epochs == 5 and cfg.transformer.batch_size == 4
    assert cfg.transformer.learning_rate == 3e-5
    assert cfg.data.holdout_langs == ["vi"]
    with pytest.raises(ConfigError, match="expected SECTION.KEY=VALUE"):
        load_config(child, ["epochs=3"])
    with pytest.raises(ConfigError, match="transformer.seed: expected an integer"):
        load_config(child, ["transformer.seed=1.5"])


def test_run_overwrite_is_off_unless_asked():
    assert load_config(CONFIGS[0]).run.overwrite is False
    assert load_config(CONFIGS[0], ["run.overwrite=true"]).run.overwrite is True
    with pytest.raises(ConfigError, match="run.overwrite: expected true or false"):
        load_config(CONFIGS[0], ["run.overwrite=yes please"])


def test_train_overwrite_flags_set_run_overwrite():
    import train

    assert train.parse(["--config", "c.yaml", "--overwrite"]) == ["train", "c.yaml",
                                                                  "--overwrite"]
    assert "--overwrite" not in train.parse(["--config", "c.yaml"])


def test_extends_loop_and_missing_file(tmp_path):
    write(tmp_path, "extends: b.yaml\n", "a.yaml")
    write(tmp_path, "extends: a.yaml\n", "b.yaml")
    with pytest.raises(ConfigError, match="loops back"):
        load_config(tmp_path / "a.yaml")
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_saved_config_reloads_identically(tmp_path):
    cfg = load_config(CONFIGS[0], ["transformer.epochs=2"])
    save_config(cfg, tmp_path / "config.yaml")
    assert load_config(tmp_path / "config.yaml") == cfg


def test_cli_reports_config_errors(tmp_path, capsys):
    from classifier.cli import main

    path = write(tmp_path, "transformer:\n  epoch: 3\n")
    assert main(["train", str(path)]) == 2
    assert "unknown key 'epoch'" in capsys.readouterr().err
