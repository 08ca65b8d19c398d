from patrol_journal.cli import main

if __name__ == "__main__":
    main()
