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
        # 0 resamples passed here and failed in the metrics, after all the training
        ("evaluation:\n  bootstrap: 0\n", "evaluation.bootstrap: must be >= 1; got 0"),
        # a section that is not a mapping used to become all defaults: the model stayed on
        ("tfidf: false\n", "tfidf: expected a mapping of keys, got False"),
        ("transformer: []\n", "transformer: expected a mapping of keys, got []"),
        ("transformer: 0\n", "transformer: expected a mapping of keys, got 0"),
        # nan and inf pass every min/max rule
        ("transformer:\n  learning_rate: .nan\n",
         "transformer.learning_rate: expected a finite number, got nan"),
        ("transformer:\n  max_grad_norm: .inf\n",
         "transformer.max_grad_norm: expected a finite number, got inf"),
        ("tfidf:\n  C: -.inf\n", "tfidf.C: expected a finite number, got -inf"),
        ("transformer:\n  weight_decay: nan\n",
         "transformer.weight_decay: expected a finite number, got 'nan'"),
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


def test_empty_section_means_defaults(tmp_path):
    cfg = load_config(write(tmp_path, "tfidf:\ntransformer: {}\n"))
    assert cfg.tfidf.enabled and cfg.transformer.enabled


def test_config_that_is_not_utf8_is_named(tmp_path, capsys):
    from classifier.cli import main

    path = tmp_path / "latin1.yaml"
    path.write_bytes("run:\n  name: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path.resolve()}: not UTF-8 text")
    assert main(["train", str(path)]) == 2
    assert "not UTF-8 text" in capsys.readouterr().err


# -- `main` as a function: callable from any thread, leaving the signal handlers alone ------

def test_main_restores_the_callers_sigterm_handler(tmp_path, capsys):
    import signal

    from classifier.cli import main

    def mine(signum, frame):
        pass

    path = write(tmp_path, "transformer:\n  epoch: 3\n")
    before = signal.signal(signal.SIGTERM, mine)
    try:
        assert main(["train", str(path)]) == 2
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, before)


def test_main_runs_outside_the_main_thread(tmp_path, capsys):
    import signal
    import threading

    from classifier.cli import main

    path = write(tmp_path, "transformer:\n  epoch: 3\n")
    handler = signal.getsignal(signal.SIGTERM)
    result = {}

    def call():
        try:
            result["code"] = main(["train", str(path)])
        except BaseException as exc:  # what the thread would otherwise swallow
            result["error"] = exc

    thread = threading.Thread(target=call)
    thread.start()
    thread.join()
    assert result == {"code": 2}
    assert "unknown key 'epoch'" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGTERM) is handler
