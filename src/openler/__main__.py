from openler.cli import main

main()
