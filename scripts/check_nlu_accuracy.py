"""Fail when the intent accuracy of a `rasa test nlu` report is below a floor."""

import argparse
import json
import sys
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("report", help="intent_report.json written by rasa test nlu")
parser.add_argument("--floor", type=float, required=True)
args = parser.parse_args()

accuracy = json.loads(Path(args.report).read_text(encoding="utf-8"))["accuracy"]
print(f"held-out intent accuracy: {accuracy:.3f} (floor {args.floor:.2f})")
sys.exit(0 if accuracy >= args.floor else 1)
