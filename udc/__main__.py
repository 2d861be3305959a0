from udc.cli import main

main()
