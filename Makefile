# `sam build` (template.yaml, BuildMethod: makefile) runs the target named after the function with
# ARTIFACTS_DIR set, in a copy of the project. It ships exactly the Lambda bundle `npm run build`
# writes (and the cold-start bench measures): index.mjs, the chunk files it loads lazily and the
# licence notes; no source maps (they would only cost start-up time) and no node_modules.

build-RelayFunction:
	test -d node_modules || npm ci --no-audit --no-fund
	node scripts/build.mjs "$(ARTIFACTS_DIR)/.bundles"
	cp "$(ARTIFACTS_DIR)/.bundles/lambda/"*.mjs "$(ARTIFACTS_DIR)/"
	# Licence notes exist only when a bundled package has some: copied when present.
	for note in "$(ARTIFACTS_DIR)/.bundles/lambda/"*.LEGAL.txt; do \
	  if [ -e "$$note" ]; then cp "$$note" "$(ARTIFACTS_DIR)/"; fi; \
	done
	rm -rf "$(ARTIFACTS_DIR)/.bundles"

.PHONY: build-RelayFunction
