"""District audio packs: build (district side), verify and import (commune side)."""
