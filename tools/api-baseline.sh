#!/usr/bin/env bash
# Builds the jars of the API baseline, the library modules as they were at a git revision (the last release), for the
# japicmp check of `mvn verify`. No repository holds them: the revision's tree is taken from this clone's history
# (git archive) and packaged without tests. The result is cached: a second run for the same revision does nothing.
#
#   tools/api-baseline.sh <git revision> <output directory> [mvn executable]
#
# Writes <output directory>/<artifactId>.jar for each library module and <output directory>/revision.
set -euo pipefail

ref=${1:?git revision of the baseline}
out=${2:?output directory}
mvn=${3:-mvn}
root=$(cd "$(dirname "$0")/.." && pwd)

# artifactId=path of the jar in the baseline's tree, one per library module with an API check
modules=(
  "vertx-elasticsearch-client=client/target/vertx-elasticsearch-client-*.jar"
  "vertx-elasticsearch-typed=typed/target/vertx-elasticsearch-typed-*.jar"
  "embedded-elasticsearch=embedded-elasticsearch/engine/target/embedded-elasticsearch-*.jar"
  "vertx-elasticsearch-mutiny=mutiny/target/vertx-elasticsearch-mutiny-*.jar"
  "vertx-elasticsearch-rxjava3=rxjava3/target/vertx-elasticsearch-rxjava3-*.jar"
)

if ! commit=$(git -C "$root" rev-parse --verify --quiet "$ref^{commit}"); then
  echo "API baseline: revision $ref is not in this clone's git history (a shallow clone? fetch it with" \
    "'git fetch --unshallow' or 'git fetch --tags'), or skip the API check with -Djapicmp.skip=true." >&2
  exit 1
fi

if [ -f "$out/revision" ] && [ "$(cat "$out/revision")" = "$commit" ]; then
  echo "API baseline: $commit (cached in $out)"
  exit 0
fi

rm -rf "$out"
mkdir -p "$out/source"
git -C "$root" archive "$commit" | tar -x -C "$out/source"

echo "API baseline: building the library modules of $commit without tests"
start=$(date +%s)
# Only what the API check needs: no test runs (tests compile: the typed module needs the client's test jar), no
# javadoc, sources, SBOM or API check of the baseline itself.
"$mvn" -B -ntp -q -f "$out/source/pom.xml" -pl client,typed,mutiny,rxjava3,embedded-elasticsearch/engine -am package \
  -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dcyclonedx.skip=true \
  -Djapicmp.skip=true -Dmaven.build.cache.enabled=false

for module in "${modules[@]}"; do
  artifact=${module%%=*}
  pattern=${module#*=}
  jar=$(compgen -G "$out/source/$pattern" | grep -v -E -- '-(sources|javadoc|tests|cyclonedx)\.jar$' | head -n 1 || true)
  if [ -z "$jar" ]; then
    echo "API baseline: no jar for $artifact ($pattern) in the build of $commit" >&2
    exit 1
  fi
  cp "$jar" "$out/$artifact.jar"
done
rm -rf "$out/source"
echo "$commit" > "$out/revision"
echo "API baseline: $commit built in $(( $(date +%s) - start )) s into $out"
