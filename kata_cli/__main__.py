"""``python -m kata_cli``: the same as the ``kata`` command."""

from kata_cli.cli import main

if __name__ == "__main__":
    main()
