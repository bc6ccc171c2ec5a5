# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out

.PHONY: run test bench bench-hostile bench-long bench-readers gold schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

## run: install, extract corpus/ (seeds), corpus/dev/, corpus/news/ and the news sets corpus/news-test*/, print
##      scores against gold/, load the seeds' and news output into out/kzextract.db and print its summits with their documents
SETS := seeds:corpus/ dev:corpus/dev/ news:corpus/news/ news-test:corpus/news-test/ news-test2:corpus/news-test2/ \
        news-test3:corpus/news-test3/ news-test4:corpus/news-test4/ news-test5:corpus/news-test5/ news-test6:corpus/news-test6/ \
        news-test7:corpus/news-test7/ news-test8:corpus/news-test8/ news-test9:corpus/news-test9/ news-test10:corpus/news-test10/ \
        news-test11:corpus/news-test11/ news-test12:corpus/news-test12/ news-test13:corpus/news-test13/ \
        news-test14:corpus/news-test14/ news-test15:corpus/news-test15/ news-test16:corpus/news-test16/ \
        news-test17:corpus/news-test17/ news-test18:corpus/news-test18/ news-test19:corpus/news-test19/ \
        news-test20:corpus/news-test20/ news-test21:corpus/news-test21/
run: $(STAMP)
	mkdir -p $(OUT)
	@for set in $(SETS); do name=$${set%%:*}; dir=$${set#*:}; \
	  echo "== $$name: extract $$dir, score against gold/$$name.jsonl =="; \
	  $(BIN)/kzextract extract $$dir -o $(OUT)/$$name.jsonl || exit $$?; \
	  $(BIN)/kzextract score gold/$$name.jsonl $(OUT)/$$name.jsonl || exit $$?; \
	done
	$(BIN)/kzextract load $(OUT)/seeds.jsonl $(OUT)/news.jsonl $(OUT)/news-test.jsonl $(OUT)/news-test2.jsonl \
	  $(OUT)/news-test3.jsonl $(OUT)/news-test4.jsonl $(OUT)/news-test5.jsonl $(OUT)/news-test6.jsonl $(OUT)/news-test7.jsonl \
	  $(OUT)/news-test8.jsonl $(OUT)/news-test9.jsonl $(OUT)/news-test10.jsonl $(OUT)/news-test11.jsonl $(OUT)/news-test12.jsonl \
	  $(OUT)/news-test13.jsonl $(OUT)/news-test14.jsonl $(OUT)/news-test15.jsonl $(OUT)/news-test16.jsonl $(OUT)/news-test17.jsonl \
	  $(OUT)/news-test18.jsonl $(OUT)/news-test19.jsonl $(OUT)/news-test20.jsonl $(OUT)/news-test21.jsonl \
	  --db sqlite:///$(OUT)/kzextract.db
	@echo "== records (out/kzextract.db, view summit_documents): summits with their documents =="
	$(BIN)/kzextract export --db sqlite:///$(OUT)/kzextract.db summit_documents --format table

# Regression guards: strict F1 and attribute accuracy may not drop below these.
# Seeds measured 2026-12-02 (afternoon): micro 0.979, ORG 0.977, DATE 0.993, SUMMIT 1.000, DOCUMENT 0.949;
# SUMMIT org 0.943, date 0.889; DOCUMENT org 0.727, summit 0.500; on 2026-12-03 DOCUMENT org 0.758, date 0.543, summit 0.615;
# at b92f0ac DOCUMENT org 0.773.
GUARD := --min-f1 micro=0.975 --min-f1 ORG=0.97 --min-f1 DATE=0.985 --min-f1 SUMMIT=0.98 --min-f1 DOCUMENT=0.94 \
         --min-attr SUMMIT.org=0.90 --min-attr SUMMIT.date=0.85 --min-attr DOCUMENT.org=0.76 --min-attr DOCUMENT.summit=0.60 \
         --min-attr DOCUMENT.date=0.52
# News (corpus/news, gold/news.jsonl) measured the same day: micro 0.970, DOCUMENT 0.965, SUMMIT 0.966;
# DOCUMENT summit 0.730, date 0.852, org 0.778; SUMMIT date 0.789; on 2026-12-03 DOCUMENT summit 0.825, org 0.840, SUMMIT org 0.903;
# at b92f0ac DOCUMENT summit 0.889, date 0.868.
NEWS_GUARD := --min-f1 micro=0.96 --min-f1 DOCUMENT=0.95 --min-f1 SUMMIT=0.95 \
              --min-attr DOCUMENT.summit=0.86 --min-attr DOCUMENT.date=0.84 --min-attr DOCUMENT.org=0.82 --min-attr SUMMIT.date=0.75 \
              --min-attr SUMMIT.org=0.88
# news-test2 (10 articles written and annotated without the extractor): micro 0.960, DOCUMENT 0.898;
# DOCUMENT date 0.811, summit 0.719; SUMMIT place 1.000; on 2026-12-03 DOCUMENT date 0.868, summit 0.781, org 0.875, SUMMIT org 0.963;
# at 72a0a71 DOCUMENT date 0.887, summit 0.812; at e72ee12 date 0.906, summit 0.844.
NEWS2_GUARD := --min-f1 micro=0.96 --min-f1 DOCUMENT=0.91 \
               --min-attr DOCUMENT.date=0.89 --min-attr DOCUMENT.summit=0.83 --min-attr SUMMIT.place=0.95 \
               --min-attr DOCUMENT.org=0.86 --min-attr SUMMIT.org=0.94
# news-test3 to news-test6 (first runs 0.913, 0.926, 0.952, 0.970; their errors were read the same day):
# micro 0.968, 0.975, 0.976, 0.970; DOCUMENT 0.909, 0.972, 0.950, 0.922; DOCUMENT date 0.877, 0.935, 0.892, 0.803,
# summit 0.773, 0.833, 0.939, 0.739, org 0.852, 0.825, 0.970, 0.885; at b92f0ac news-test3 DOCUMENT date 0.895,
# summit 0.909, news-test4 summit 0.905, org 0.912. At 72a0a71 news-test3 DOCUMENT 0.949, date 0.915, summit 0.957,
# org 0.898; news-test4 org 0.929; news-test5 summit 1.000.
NEWS3_GUARD := --min-f1 micro=0.965 --min-f1 DOCUMENT=0.93 \
               --min-attr DOCUMENT.date=0.90 --min-attr DOCUMENT.summit=0.93 --min-attr DOCUMENT.org=0.88 --min-attr SUMMIT.org=0.98
NEWS4_GUARD := --min-f1 micro=0.96 --min-f1 DOCUMENT=0.95 \
               --min-attr DOCUMENT.date=0.90 --min-attr DOCUMENT.summit=0.88 --min-attr DOCUMENT.org=0.91
NEWS5_GUARD := --min-f1 micro=0.96 --min-f1 DOCUMENT=0.93 \
               --min-attr DOCUMENT.date=0.96 --min-attr DOCUMENT.summit=0.97 --min-attr DOCUMENT.org=0.98
NEWS6_GUARD := --min-f1 micro=0.955 --min-f1 DOCUMENT=0.90 \
               --min-attr DOCUMENT.date=0.83 --min-attr DOCUMENT.summit=0.77 --min-attr DOCUMENT.org=0.92 --min-attr SUMMIT.date=0.90
# news-test7 (8 articles; first run 0.927, DOCUMENT 0.809, date 0.675, summit 0.769): on 2026-12-02 (afternoon) micro 0.937,
# DOCUMENT 0.840; DOCUMENT date 0.927, summit 0.952, org 0.850; at b92f0ac date 0.951, summit 1.000, org 0.950;
# at e72ee12 micro 0.963, ORG 0.988, DOCUMENT 0.905.
NEWS7_GUARD := --min-f1 micro=0.95 --min-f1 ORG=0.98 --min-f1 DOCUMENT=0.89 \
               --min-attr DOCUMENT.date=0.93 --min-attr DOCUMENT.summit=0.97 --min-attr DOCUMENT.org=0.92
# news-test8 and news-test10 (first runs 0.945 and 0.928; their errors were read on 2026-12-02, afternoon): micro 0.978,
# 0.982; DOCUMENT 0.966, 0.966; DOCUMENT date 0.949, 0.860, summit 1.000, 0.896, org 0.927, 0.887; at b92f0ac
# DOCUMENT org 0.929, 0.962, news-test10 date 0.893. At 72a0a71 news-test8 micro 0.989, ORG 0.987.
NEWS8_GUARD := --min-f1 micro=0.98 --min-f1 ORG=0.98 --min-f1 DOCUMENT=0.95 \
               --min-attr DOCUMENT.date=0.93 --min-attr DOCUMENT.summit=0.97 --min-attr DOCUMENT.org=0.91
NEWS10_GUARD := --min-f1 micro=0.97 --min-f1 DOCUMENT=0.95 \
                --min-attr DOCUMENT.date=0.87 --min-attr DOCUMENT.summit=0.87 --min-attr DOCUMENT.org=0.94 --min-attr SUMMIT.org=0.77
# news-test9: first run 0.935; its errors read on 2026-12-02 (evening); on 2026-12-03 micro 0.965, DOCUMENT 0.921;
# DOCUMENT summit 0.912, date 0.878, org 0.805; SUMMIT org 0.824; at b92f0ac DOCUMENT summit 0.941, org 0.878; at be3b203 date 0.959.
NEWS9_GUARD := --min-f1 micro=0.965 --min-f1 DOCUMENT=0.92 \
               --min-attr DOCUMENT.summit=0.92 --min-attr DOCUMENT.date=0.93 --min-attr DOCUMENT.org=0.85 --min-attr SUMMIT.org=0.80
# news-test (the first held-out set, read since): on 2026-12-03 micro 0.952, DOCUMENT 0.899; DOCUMENT summit 0.893. At a0d73b1 micro 0.971, ORG 0.992, DOCUMENT 0.927.
NEWS1_GUARD := --min-f1 micro=0.96 --min-f1 ORG=0.98 --min-f1 DOCUMENT=0.91 --min-attr DOCUMENT.summit=0.87
# news-test11: first run (750b2b2) micro 0.944, DOCUMENT 0.897; its errors read on 2026-12-03; at b92f0ac micro 0.950,
# SUMMIT 0.947; DOCUMENT summit 1.000, date 0.974, org 0.905 (0.458, 0.690, 0.857 before that reading).
NEWS11_GUARD := --min-f1 micro=0.94 --min-f1 DOCUMENT=0.88 --min-f1 SUMMIT=0.93 \
                --min-attr DOCUMENT.summit=0.97 --min-attr DOCUMENT.date=0.95 --min-attr DOCUMENT.org=0.88
# news-test13: first run (eb14ac6) micro 0.941, DOCUMENT 0.891; its errors read on 2026-12-03; at 72a0a71 micro 0.992,
# ORG 0.979, SUMMIT and DOCUMENT 1.000; DOCUMENT summit 1.000, date 0.979, org 0.962 (0.731, 0.800, 0.891 before that reading).
NEWS13_GUARD := --min-f1 micro=0.98 --min-f1 ORG=0.96 --min-f1 DOCUMENT=0.97 --min-f1 SUMMIT=0.97 \
                --min-attr DOCUMENT.summit=0.95 --min-attr DOCUMENT.date=0.95 --min-attr DOCUMENT.org=0.93
# news-test14: first run (5b18964) micro 0.939, DOCUMENT 0.843; its errors read on 2026-12-04; at e72ee12 micro 0.979,
# ORG 0.992, DOCUMENT 0.945; DOCUMENT summit 1.000, date 0.923, org 0.923 (0.714, 0.875, 0.837 before that reading).
NEWS14_GUARD := --min-f1 micro=0.97 --min-f1 ORG=0.98 --min-f1 DOCUMENT=0.93 \
                --min-attr DOCUMENT.summit=0.97 --min-attr DOCUMENT.date=0.90 --min-attr DOCUMENT.org=0.90 --min-attr SUMMIT.org=0.93
# news-test15: first run (a0198ff) micro 0.953, DOCUMENT 0.932, DOCUMENT summit 0.367; its errors read on 2026-12-04;
# at 8e58e94 micro 0.968, ORG 0.978, SUMMIT 0.980; DOCUMENT summit 0.963, date 0.913, org 0.872.
NEWS15_GUARD := --min-f1 micro=0.96 --min-f1 ORG=0.97 --min-f1 SUMMIT=0.97 --min-f1 DOCUMENT=0.92 \
                --min-attr DOCUMENT.summit=0.94 --min-attr DOCUMENT.date=0.89 --min-attr DOCUMENT.org=0.85
# news-test17: first run (6a346fa, rules of 0da3d12) micro 0.933, DOCUMENT 0.891; DOCUMENT org 0.714, date 0.681,
# summit 0.618; its errors read at the end of 2026-12-04; at 626a1bd DOCUMENT org 0.783, date 0.723, summit 0.794.
NEWS17_GUARD := --min-f1 micro=0.935 --min-f1 ORG=0.93 --min-f1 DOCUMENT=0.89 \
                --min-attr DOCUMENT.summit=0.81 --min-attr DOCUMENT.date=0.79 --min-attr DOCUMENT.org=0.77
# news-test12 (held out from 2026-12-03; first run micro 0.934): its errors read on 2026-12-04 (second session) at
# micro 0.961, DOCUMENT 0.948, DOCUMENT org 0.775, date 0.833, summit 0.812; at a0d73b1 micro 0.987, ORG 0.993, DOCUMENT 0.978.
NEWS12_GUARD := --min-f1 micro=0.975 --min-f1 ORG=0.98 --min-f1 DOCUMENT=0.96 \
                --min-attr DOCUMENT.summit=0.79 --min-attr DOCUMENT.date=0.81 --min-attr DOCUMENT.org=0.76
# news-test18, -19, -20: second readers' sets of 2026-12-04, read the same day. First runs (rules of 5ae80a3):
# micro 0.903, 0.923, 0.944; DOCUMENT 0.792, 0.860, 0.841; DOCUMENT date 0.500, 0.622, 0.625, summit 1.000, 0.636,
# 0.500, org 0.714, 0.920, 0.917. At a0d73b1: micro 0.967, 0.945, 0.944; DOCUMENT 0.879, 0.893, 0.841; DOCUMENT date
# 0.867, 0.692, 0.844, summit 1.000, 0.714, 0.500, org 0.718, 0.857, 0.917; at f061ded news-test20 summit 0.778.
NEWS18_GUARD := --min-f1 micro=0.955 --min-f1 ORG=0.98 --min-f1 DOCUMENT=0.86 \
                --min-attr DOCUMENT.summit=0.95 --min-attr DOCUMENT.date=0.85 --min-attr DOCUMENT.org=0.70 --min-attr SUMMIT.org=0.98
NEWS19_GUARD := --min-f1 micro=0.935 --min-f1 DOCUMENT=0.88 \
                --min-attr DOCUMENT.summit=0.70 --min-attr DOCUMENT.date=0.67 --min-attr DOCUMENT.org=0.84
# news-test21 (second reader, 2026-12-04; first run at 5ae80a3 micro 0.914, DOCUMENT 0.863, DOCUMENT summit 0.286,
# date 0.667, org 0.800): read the same day; at 7108660 micro 0.919, DOCUMENT summit 0.524, date 0.694, org 0.825.
NEWS21_GUARD := --min-f1 micro=0.91 --min-f1 ORG=0.90 --min-f1 DOCUMENT=0.85 \
                --min-attr DOCUMENT.summit=0.50 --min-attr DOCUMENT.date=0.67 --min-attr DOCUMENT.org=0.80
NEWS20_GUARD := --min-f1 micro=0.935 --min-f1 DOCUMENT=0.83 \
                --min-attr DOCUMENT.summit=0.75 --min-attr DOCUMENT.date=0.82 --min-attr DOCUMENT.org=0.90

## test: install, lint, check gold is built from its sheets and valid, guard the seed and news scores, run the test suite
test: $(STAMP)
	$(BIN)/ruff check kzextract tests
	$(BIN)/python gold/build.py --check
	$(BIN)/kzextract validate gold/seeds.jsonl gold/dev.jsonl gold/news.jsonl gold/news-test.jsonl gold/news-test2.jsonl \
	  gold/news-test3.jsonl gold/news-test4.jsonl gold/news-test5.jsonl gold/news-test6.jsonl gold/news-test7.jsonl \
	  gold/news-test8.jsonl gold/news-test9.jsonl gold/news-test10.jsonl gold/news-test11.jsonl gold/news-test12.jsonl \
	  gold/news-test13.jsonl gold/news-test14.jsonl gold/news-test15.jsonl gold/news-test16.jsonl gold/news-test17.jsonl \
	  gold/news-test18.jsonl gold/news-test19.jsonl gold/news-test20.jsonl gold/news-test21.jsonl
	mkdir -p $(OUT)
	$(BIN)/kzextract extract corpus/ -o $(OUT)/guard.jsonl --quiet
	$(BIN)/kzextract score gold/seeds.jsonl $(OUT)/guard.jsonl --bootstrap 0 $(GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news/ -o $(OUT)/guard-news.jsonl --quiet
	$(BIN)/kzextract score gold/news.jsonl $(OUT)/guard-news.jsonl --bootstrap 0 $(NEWS_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test/ -o $(OUT)/guard-news-test.jsonl --quiet
	$(BIN)/kzextract score gold/news-test.jsonl $(OUT)/guard-news-test.jsonl --bootstrap 0 $(NEWS1_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test2/ -o $(OUT)/guard-news-test2.jsonl --quiet
	$(BIN)/kzextract score gold/news-test2.jsonl $(OUT)/guard-news-test2.jsonl --bootstrap 0 $(NEWS2_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test3/ -o $(OUT)/guard-news-test3.jsonl --quiet
	$(BIN)/kzextract score gold/news-test3.jsonl $(OUT)/guard-news-test3.jsonl --bootstrap 0 $(NEWS3_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test4/ -o $(OUT)/guard-news-test4.jsonl --quiet
	$(BIN)/kzextract score gold/news-test4.jsonl $(OUT)/guard-news-test4.jsonl --bootstrap 0 $(NEWS4_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test5/ -o $(OUT)/guard-news-test5.jsonl --quiet
	$(BIN)/kzextract score gold/news-test5.jsonl $(OUT)/guard-news-test5.jsonl --bootstrap 0 $(NEWS5_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test6/ -o $(OUT)/guard-news-test6.jsonl --quiet
	$(BIN)/kzextract score gold/news-test6.jsonl $(OUT)/guard-news-test6.jsonl --bootstrap 0 $(NEWS6_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test7/ -o $(OUT)/guard-news-test7.jsonl --quiet
	$(BIN)/kzextract score gold/news-test7.jsonl $(OUT)/guard-news-test7.jsonl --bootstrap 0 $(NEWS7_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test8/ -o $(OUT)/guard-news-test8.jsonl --quiet
	$(BIN)/kzextract score gold/news-test8.jsonl $(OUT)/guard-news-test8.jsonl --bootstrap 0 $(NEWS8_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test9/ -o $(OUT)/guard-news-test9.jsonl --quiet
	$(BIN)/kzextract score gold/news-test9.jsonl $(OUT)/guard-news-test9.jsonl --bootstrap 0 $(NEWS9_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test10/ -o $(OUT)/guard-news-test10.jsonl --quiet
	$(BIN)/kzextract score gold/news-test10.jsonl $(OUT)/guard-news-test10.jsonl --bootstrap 0 $(NEWS10_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test11/ -o $(OUT)/guard-news-test11.jsonl --quiet
	$(BIN)/kzextract score gold/news-test11.jsonl $(OUT)/guard-news-test11.jsonl --bootstrap 0 $(NEWS11_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test13/ -o $(OUT)/guard-news-test13.jsonl --quiet
	$(BIN)/kzextract score gold/news-test13.jsonl $(OUT)/guard-news-test13.jsonl --bootstrap 0 $(NEWS13_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test14/ -o $(OUT)/guard-news-test14.jsonl --quiet
	$(BIN)/kzextract score gold/news-test14.jsonl $(OUT)/guard-news-test14.jsonl --bootstrap 0 $(NEWS14_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test15/ -o $(OUT)/guard-news-test15.jsonl --quiet
	$(BIN)/kzextract score gold/news-test15.jsonl $(OUT)/guard-news-test15.jsonl --bootstrap 0 $(NEWS15_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test17/ -o $(OUT)/guard-news-test17.jsonl --quiet
	$(BIN)/kzextract score gold/news-test17.jsonl $(OUT)/guard-news-test17.jsonl --bootstrap 0 $(NEWS17_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test12/ -o $(OUT)/guard-news-test12.jsonl --quiet
	$(BIN)/kzextract score gold/news-test12.jsonl $(OUT)/guard-news-test12.jsonl --bootstrap 0 $(NEWS12_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test18/ -o $(OUT)/guard-news-test18.jsonl --quiet
	$(BIN)/kzextract score gold/news-test18.jsonl $(OUT)/guard-news-test18.jsonl --bootstrap 0 $(NEWS18_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test19/ -o $(OUT)/guard-news-test19.jsonl --quiet
	$(BIN)/kzextract score gold/news-test19.jsonl $(OUT)/guard-news-test19.jsonl --bootstrap 0 $(NEWS19_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test20/ -o $(OUT)/guard-news-test20.jsonl --quiet
	$(BIN)/kzextract score gold/news-test20.jsonl $(OUT)/guard-news-test20.jsonl --bootstrap 0 $(NEWS20_GUARD) > /dev/null
	$(BIN)/kzextract extract corpus/news-test21/ -o $(OUT)/guard-news-test21.jsonl --quiet
	$(BIN)/kzextract score gold/news-test21.jsonl $(OUT)/guard-news-test21.jsonl --bootstrap 0 $(NEWS21_GUARD) > /dev/null
	$(BIN)/python -m pytest

## bench: throughput and memory on the UNGDC corpus (BENCH_DOCS=1000 | all), hostile text against prose,
##        then one long document of 0.1, 1, 4 and 20 MB
BENCH_DOCS ?= 1000
bench: $(STAMP)
	$(BIN)/python bench/bench.py --docs $(BENCH_DOCS)
	$(BIN)/python bench/hostile.py
	$(BIN)/python bench/long.py

## bench-hostile: seconds per MB of punctuation runs and long stretches against prose (bench/hostile.json)
bench-hostile: $(STAMP)
	$(BIN)/python bench/hostile.py

## bench-long: seconds per MB and peak RSS of one document of 0.1, 1, 4 and 20 MB of speeches (bench/long.json)
bench-long: $(STAMP)
	$(BIN)/python bench/long.py

## bench-readers: what reading a 1 MB web page and a 50-page PDF adds to extract (bench/README.md)
bench-readers: $(STAMP)
	$(BIN)/python bench/readers.py

## gold: rebuild gold/*.jsonl from the annotation sheets in gold/src/
gold:
	$(PYTHON) gold/build.py

schema: $(STAMP)
	$(BIN)/kzextract schema

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info
