#!/bin/sh
# Creates the topics that the topic files declare, with Kafka's own kafka-topics.sh.
#
# docker-compose.yml runs this once in the `topics` service (image apache/kafka), with the
# repository's topics/ mounted read-only on /topics. For every /topics/*.properties:
#
#   name=NAME                      -> --topic NAME
#   partitions=N                   -> --partitions N
#   replication.factor=R|default   -> --replication-factor R (left out for default)
#   config.X=Y                     -> --config X=Y
#   role=...                       -> (read by the application only)
#
# Existing topics are left as they are (--if-not-exists). Exits non-zero, naming the file, on the
# first file it cannot read or topic it cannot create.
#
# Environment (defaults are what docker-compose.yml needs):
#   TOPICS_DIR          directory of topic files       (/topics)
#   BOOTSTRAP_SERVERS   the broker's container address (kafka:19092)
#   KAFKA_TOPICS_SH     the kafka-topics tool          (/opt/kafka/bin/kafka-topics.sh)
set -eu

topics_dir="${TOPICS_DIR:-/topics}"
bootstrap="${BOOTSTRAP_SERVERS:-kafka:19092}"
kafka_topics="${KAFKA_TOPICS_SH:-/opt/kafka/bin/kafka-topics.sh}"

fail() {
  echo "create-topics: $*" >&2
  exit 1
}

# One topic file: parse it, then create its topic. Runs in a subshell of its own (the
# parentheses), so that its variables and "$@" (the --config arguments) start afresh each time.
create_topic() (
  file="$1"
  shift
  name=""
  partitions=""
  replication="default"

  # The simple subset of the .properties format that topic files use: one key=value (or
  # key: value) a line; blank lines and lines starting with # or ! are comments. Strips CRs and
  # the blanks around the key and the value.
  [ -r "$file" ] || fail "$file: cannot read"
  lines="$(tr -d '\r' <"$file" | sed -e 's/^[[:space:]]*//' \
    -e '/^$/d' \
    -e '/^[#!]/d' \
    -e 's/[[:space:]]*$//' \
    -e 's/^\([^=:[:space:]]*\)[[:space:]]*[=:][[:space:]]*/\1=/')"

  while IFS= read -r line; do
    [ -n "$line" ] || continue
    case "$line" in
      *\\) fail "$file: continuation lines are not supported: $line" ;;
      *=*) ;;
      *) fail "$file: not key=value: $line" ;;
    esac
    key="${line%%=*}"
    value="${line#*=}"
    case "$key" in
      role) ;;
      name) name="$value" ;;
      partitions) partitions="$value" ;;
      replication.factor) replication="$value" ;;
      config.?*) set -- "$@" --config "${key#config.}=$value" ;;
      *) fail "$file: unknown key '$key' (allowed: role, name, partitions, replication.factor, config.*)" ;;
    esac
  done <<EOF
$lines
EOF

  [ -n "$name" ] || fail "$file: no name"
  [ -n "$partitions" ] || fail "$file: no partitions"
  if [ "$replication" != "default" ]; then
    set -- --replication-factor "$replication" "$@"
  fi

  echo "create-topics: $name ($partitions partitions, replication factor $replication) from $file"
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" "$@" \
    || fail "$file: kafka-topics.sh could not create topic $name"
)

[ -d "$topics_dir" ] || fail "$topics_dir is not a directory of topic files"

found=0
for file in "$topics_dir"/*.properties; do
  [ -f "$file" ] || continue
  found=$((found + 1))
  create_topic "$file"
done
[ "$found" -gt 0 ] || fail "no topic files (*.properties) in $topics_dir"

echo "create-topics: $found topic file(s) done"
