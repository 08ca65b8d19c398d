"""The baseline: the smallest typer app, started as a whole process."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "officer") -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app()
