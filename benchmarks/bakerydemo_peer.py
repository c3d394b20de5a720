"""wagtail/bakerydemo as the stock-Wagtail peer in the public pages benchmark (filled in later)."""


class Peer:
    @classmethod
    def find(cls, tmp):
        print("bakerydemo: not measured (BAKERYDEMO_DIR not set; see benchmarks/README.md)")
        return None
